package io.watchkeeper.alerting.notify.email;

import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;

/**
 * Sends notifications by email (Alertmanager {@code email.Email}): connects to the smarthost (TLS
 * from the start on port 465; otherwise plain, upgraded with STARTTLS, which {@code require_tls}
 * makes mandatory), authenticates when a username is set (PLAIN or LOGIN with the password, PLAIN
 * through SASL when an identity is set, CRAM-MD5 with the secret), and sends one
 * multipart/alternative message: the text body, then the HTML body.
 *
 * <p>Failures: connection problems, timeouts and SMTP 4xx answers are retryable; a refused login,
 * 5xx answers, a missing STARTTLS and invalid addresses are permanent. Messages never carry the
 * password. Thread-safe: each call uses its own session and connection.
 */
public final class EmailNotifier implements Notifier {
  private final EmailConfig config;

  public EmailNotifier(EmailConfig config) {
    this.config = config;
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    Session session = Session.getInstance(properties(config));
    try {
      MimeMessage message = message(session, config, n);
      try (Transport t = session.getTransport(config.port() == 465 ? "smtps" : "smtp")) {
        t.connect(config.host(), config.port(), config.authUsername().isEmpty() ? null : config.authUsername(), password());
        t.sendMessage(message, message.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw classify(e);
    }
  }

  private @Nullable String password() {
    if (config.authUsername().isEmpty()) {
      return null;
    }
    return config.authPassword().isEmpty() ? config.authSecret().reveal() : config.authPassword().reveal();
  }

  static Properties properties(EmailConfig c) {
    Properties p = new Properties();
    String proto = c.port() == 465 ? "smtps" : "smtp";
    String timeout = Long.toString(c.timeout().toMillis());
    p.setProperty("mail." + proto + ".connectiontimeout", timeout);
    p.setProperty("mail." + proto + ".timeout", timeout);
    p.setProperty("mail." + proto + ".writetimeout", timeout);
    p.setProperty("mail." + proto + ".localhost", c.hello());
    if (c.port() != 465 && c.requireTls()) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
    } else if (c.port() != 465) {
      p.setProperty("mail.smtp.starttls.enable", "true"); // opportunistic, as Go's smtp client does
    }
    if (c.insecureSkipVerify()) {
      p.setProperty("mail." + proto + ".ssl.trust", "*");
      p.setProperty("mail." + proto + ".ssl.checkserveridentity", "false");
    } else {
      p.setProperty("mail." + proto + ".ssl.checkserveridentity", "true");
    }
    if (!c.authUsername().isEmpty()) {
      p.setProperty("mail." + proto + ".auth", "true");
      if (c.authPassword().isEmpty() && !c.authSecret().isEmpty()) {
        sasl(p, proto, "CRAM-MD5");
      } else if (!c.authIdentity().isEmpty()) {
        sasl(p, proto, "PLAIN");
        p.setProperty("mail." + proto + ".sasl.authorizationid", c.authIdentity());
      } else {
        p.setProperty("mail." + proto + ".auth.mechanisms", "PLAIN LOGIN");
      }
    }
    return p;
  }

  private static void sasl(Properties p, String proto, String mechanism) {
    p.setProperty("mail." + proto + ".sasl.enable", "true");
    p.setProperty("mail." + proto + ".sasl.mechanisms", mechanism);
    p.setProperty("mail." + proto + ".auth.mechanisms", mechanism);
  }

  static MimeMessage message(Session session, EmailConfig c, Notification n) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    Map<String, String> headers = new TreeMap<>();
    c.headers().forEach((k, v) -> headers.put(k, v.render(n, false)));
    m.setFrom(address(headers.remove("From"), "from"));
    String to = headers.remove("To");
    m.setRecipients(Message.RecipientType.TO, addresses(to));
    m.setSubject(headers.remove("Subject"), "UTF-8");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      m.setHeader(h.getKey(), h.getValue());
    }
    m.setHeader("To", to);
    m.setSentDate(new Date());
    MimeMultipart body = new MimeMultipart("alternative");
    String text = c.text().render(n, false);
    if (!text.isEmpty()) {
      MimeBodyPart part = new MimeBodyPart();
      part.setText(text, "UTF-8", "plain");
      body.addBodyPart(part);
    }
    String html = c.html().render(n, true);
    if (!html.isEmpty()) {
      MimeBodyPart part = new MimeBodyPart();
      part.setText(html, "UTF-8", "html");
      body.addBodyPart(part);
    }
    m.setContent(body);
    return m;
  }

  private static InternetAddress address(String value, String what) throws MessagingException {
    try {
      return new InternetAddress(value, true);
    } catch (AddressException e) {
      throw new MessagingException("parse '" + what + "' address: " + e.getMessage(), e);
    }
  }

  private static InternetAddress[] addresses(String value) throws MessagingException {
    try {
      return InternetAddress.parse(value, true);
    } catch (AddressException e) {
      throw new MessagingException("parse 'to' addresses: " + e.getMessage(), e);
    }
  }

  static NotifyException classify(MessagingException e) {
    String what = "cannot send email notification: ";
    if (e instanceof AuthenticationFailedException) {
      return NotifyException.permanent(what + "authentication failed: " + e.getMessage(), e);
    }
    if (e instanceof SMTPSendFailedException s) {
      return new NotifyException(what + "server answered " + s.getReturnCode() + ": " + s.getMessage().strip(), s.getReturnCode() / 100 == 4, e);
    }
    if (e instanceof SMTPAddressFailedException s) {
      return new NotifyException(what + "recipient refused with " + s.getReturnCode() + ": " + s.getMessage().strip(),
          s.getReturnCode() / 100 == 4, e);
    }
    if (e instanceof MailConnectException || e.getCause() instanceof SocketTimeoutException || e.getCause() instanceof IOException) {
      return NotifyException.retryable(what + e.getMessage(), e);
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("STARTTLS") || m.startsWith("parse '")) {
      return NotifyException.permanent(what + m, e);
    }
    if (e.getNextException() instanceof MessagingException next) {
      NotifyException inner = classify(next);
      return new NotifyException(what + m + ": " + inner.getMessage(), inner.retryable(), e);
    }
    return NotifyException.retryable(what + m, e);
  }
}
