package io.watchkeeper.alerting.notify.email;

import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The email channel against GreenMail, a real SMTP server in-process (with AUTH), behind {@link
 * StartTlsFront} for STARTTLS: delivery, refused logins, a server without STARTTLS, refused and
 * hanging connections. The SMTP counterpart of {@code NotifierContractTest}.
 */
class EmailContractTest {
  private GreenMail greenMail;
  private StartTlsFront front;

  @BeforeEach
  void start() {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "wk", "s3cret"));
    greenMail.start();
    front = new StartTlsFront(greenMail.getSmtp().getPort());
  }

  @AfterEach
  void stop() {
    front.close();
    greenMail.stop();
  }

  private static EmailConfig config(int port, boolean requireTls, String password, Duration timeout) {
    return new EmailConfig(MessageTemplate.parse("oncall@example.com, {{ .CommonLabels.severity }}@example.com"),
        MessageTemplate.parse("alerts@example.com"), "wk.example.com", "127.0.0.1:" + port, "wk", Secret.of(password), Secret.EMPTY, "",
        requireTls, true, Map.of("x-team", MessageTemplate.parse("{{ .GroupLabels.alertname }}")),
        MessageTemplate.named("email.default.html"), MessageTemplate.named("email.default.text"), true, timeout);
  }

  @Test
  void deliversOverStartTlsWithAuthAnHtmlAndATextBody() throws Exception {
    new EmailNotifier(config(front.port(), true, "s3cret", Duration.ofSeconds(10))).notify(notification(alert(false, "critical", "a")));

    assertThat(front.handshakes.get()).isEqualTo(1);
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(2); // one per recipient mailbox
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    assertThat(m.getFrom()[0].toString()).isEqualTo("alerts@example.com");
    assertThat(m.getHeader("To")[0]).isEqualTo("oncall@example.com, critical@example.com");
    assertThat(m.getHeader("X-Team")[0]).isEqualTo("ApiDown");
    Multipart body = (Multipart) m.getContent();
    assertThat(body.getContentType()).startsWith("multipart/alternative");
    BodyPart text = body.getBodyPart(0);
    BodyPart html = body.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain");
    assertThat((String) text.getContent()).contains("[1] Firing").contains(" - summary = API <down> on a");
    assertThat(html.getContentType()).startsWith("text/html");
    assertThat((String) html.getContent()).contains("API &lt;down&gt; on a").contains("https://runbooks.example.com/api-down");
  }

  @Test
  void plainSmtpWithoutRequireTlsAuthenticatesToo() throws Exception {
    new EmailNotifier(config(greenMail.getSmtp().getPort(), false, "s3cret", Duration.ofSeconds(10)))
        .notify(notification(alert(true, "warning", "b")));

    assertThat(greenMail.getReceivedMessages()).hasSize(2);
    assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("[RESOLVED] ApiDown (b warning)");
  }

  @Test
  void refusedLoginIsPermanentAndHidesThePassword() {
    EmailNotifier n = new EmailNotifier(config(front.port(), true, "wrong-password", Duration.ofSeconds(10)));

    assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("authentication failed").hasMessageNotContaining("wrong-password");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void requireTlsAgainstAServerWithoutStartTlsIsPermanent() {
    EmailNotifier n = new EmailNotifier(config(greenMail.getSmtp().getPort(), true, "s3cret", Duration.ofSeconds(10)));

    assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("STARTTLS");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void refusedConnectionIsRetryable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    EmailNotifier n = new EmailNotifier(config(closedPort, true, "s3cret", Duration.ofSeconds(2)));

    assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void serverThatNeverGreetsTimesOutRetryably() throws Exception {
    ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    try {
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try (Socket s = silent.accept()) {
          s.getInputStream().read(); // holds the connection open without a greeting until the client gives up
        } catch (IOException e) {
          // closed
        }
      });
      EmailNotifier n = new EmailNotifier(config(silent.getLocalPort(), true, "s3cret", Duration.ofMillis(300)));

      assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
          .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue());
      silent.close();
      acceptor.join();
    } finally {
      silent.close();
    }
  }
}
