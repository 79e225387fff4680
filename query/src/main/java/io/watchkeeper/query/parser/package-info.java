/**
 * The PromQL lexer, parser and AST. The AST ({@link io.watchkeeper.query.parser.Expr} and its
 * records) is immutable and is the contract between the parser and the evaluator.
 */
@NullMarked
package io.watchkeeper.query.parser;

import org.jspecify.annotations.NullMarked;
