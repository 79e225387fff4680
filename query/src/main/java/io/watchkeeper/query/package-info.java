/**
 * PromQL's public face: {@link io.watchkeeper.query.QueryEngine}, result values and the {@link
 * io.watchkeeper.query.QueryException} family. The parser and AST are in {@code query.parser}, the
 * evaluator in {@code query.engine}.
 */
@NullMarked
package io.watchkeeper.query;

import org.jspecify.annotations.NullMarked;
