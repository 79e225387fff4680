/**
 * Reading the one YAML configuration file: a located YAML tree, strict binding onto each module's
 * records with every error reported at once as {@code file:line:column: path: message}, warnings for
 * Prometheus/Alertmanager keys we accept but do not act on, {@code ${VAR}} expansion and {@code
 * *_file} secrets.
 */
@NullMarked
package io.watchkeeper.server.config;

import org.jspecify.annotations.NullMarked;
