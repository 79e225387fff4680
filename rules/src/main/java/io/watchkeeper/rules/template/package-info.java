/**
 * Go-template-compatible templating for alert labels and annotations, as Prometheus rule files use
 * it ({@code {{ $labels.instance }}}, {@code {{ $value | humanize }}}, {@code {{ range query "up"
 * }}}): a lexer and parser to an immutable AST ({@link io.watchkeeper.rules.template.Template}), an
 * executor with Go's {@code text/template} semantics, Go's {@code fmt} formatting, and Prometheus'
 * template functions ({@link io.watchkeeper.rules.template.TemplateExpander}).
 */
@NullMarked
package io.watchkeeper.rules.template;

import org.jspecify.annotations.NullMarked;
