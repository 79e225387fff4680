/**
 * The email channel (Alertmanager {@code notify/email}): SMTP through a smarthost with STARTTLS
 * (required by default) or implicit TLS on port 465, AUTH PLAIN/LOGIN or CRAM-MD5, and a
 * multipart/alternative message with a plain-text and an HTML body (Jakarta Mail, Angus).
 */
@NullMarked
package io.watchkeeper.alerting.notify.email;

import org.jspecify.annotations.NullMarked;
