/**
 * Message text for the chat, paging and email channels: Alertmanager's default templates ({@code
 * __subject}, {@code __text_alert_list}, {@code slack.default.title}, {@code email.default.html},
 * ...) written in Java by {@link io.watchkeeper.alerting.notify.template.DefaultTemplates}, and
 * {@link io.watchkeeper.alerting.notify.template.MessageTemplate}, the validated subset of Go's
 * template syntax that channel configs may use to override them.
 */
@NullMarked
package io.watchkeeper.alerting.notify.template;

import org.jspecify.annotations.NullMarked;
