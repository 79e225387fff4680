/**
 * The composition root: {@code Main} and the CLI commands, {@code App} (wiring and lifecycle), and
 * configuration loading and reload. The only package that knows the config file, the logging
 * backend and {@code main}.
 */
@NullMarked
package io.watchkeeper.server;

import org.jspecify.annotations.NullMarked;
