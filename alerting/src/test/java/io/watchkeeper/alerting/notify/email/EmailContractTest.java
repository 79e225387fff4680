package io.watchkeeper.alerting.notify.email;

import static io.watchkeeper.alerting.notify.ChannelFixtures.T0;
import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.alerting.notify.email.AiosmtpdServer.Received;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Secret;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email channel against real SMTP servers on 127.0.0.1. STARTTLS, AUTH and delivery run against
 * aiosmtpd ({@link AiosmtpdServer}, Debian package python3-aiosmtpd), which requires STARTTLS, then
 * EHLO again, then AUTH (LOGIN, PLAIN and CRAM-MD5, or LOGIN only); plain SMTP with AUTH and a server without
 * STARTTLS run against GreenMail in-process. Refused and hanging connections use bare sockets. The
 * SMTP counterpart of {@code NotifierContractTest}.
 *
 * <p>The aiosmtpd cases are skipped, saying what to install, where aiosmtpd is missing, except under
 * {@code CI=true}, where .ci/run installs it and they fail instead.
 */
class EmailContractTest {
  private static final String HELLO = "wk.example.com";

  @TempDir static Path dir;
  private static AiosmtpdServer aiosmtpd; // LOGIN, PLAIN, CRAM-MD5; null when not installed: see startTls
  private static AiosmtpdServer loginOnly;
  private GreenMail greenMail;

  @BeforeAll
  static void startAiosmtpd() throws Exception {
    if (!AiosmtpdServer.isInstalled()) {
      return; // each aiosmtpd case fails or skips in startTls, with the package to install
    }
    AiosmtpdServer.Pem pem = AiosmtpdServer.certificate(dir);
    aiosmtpd = AiosmtpdServer.start(Files.createDirectories(dir.resolve("login-plain")), pem, "wk", "s3cret", "LOGIN PLAIN CRAM-MD5");
    loginOnly = AiosmtpdServer.start(Files.createDirectories(dir.resolve("login")), pem, "wk", "s3cret", "LOGIN");
  }

  @AfterAll
  static void stopAiosmtpd() {
    if (aiosmtpd != null) {
      aiosmtpd.close();
    }
    if (loginOnly != null) {
      loginOnly.close();
    }
  }

  @BeforeEach
  void start() throws IOException {
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "wk", "s3cret"));
    greenMail.start();
    if (aiosmtpd != null) {
      aiosmtpd.clear();
      loginOnly.clear();
    }
  }

  @AfterEach
  void stop() {
    greenMail.stop();
  }

  /** {@code server}, once sure aiosmtpd runs: under CI=true a missing aiosmtpd fails the test, elsewhere it skips it. */
  private static AiosmtpdServer startTls(AiosmtpdServer server) {
    if ("true".equals(System.getenv("CI"))) {
      assertThat(server).as(AiosmtpdServer.MISSING).isNotNull(); // .ci/run installs it: never skipped there
    }
    Assumptions.assumeTrue(server != null, AiosmtpdServer.MISSING);
    return server;
  }

  private static EmailConfig config(int port, boolean requireTls, String password, Duration timeout) {
    return config(port, requireTls, true, password, "", timeout);
  }

  private static EmailConfig config(int port, boolean requireTls, boolean insecureSkipVerify, String password, String identity,
      Duration timeout) {
    return new EmailConfig(MessageTemplate.parse("oncall@example.com, {{ .CommonLabels.severity }}@example.com"),
        MessageTemplate.parse("alerts@example.com"), HELLO, "127.0.0.1:" + port, "wk", Secret.of(password), Secret.EMPTY, identity,
        requireTls, insecureSkipVerify, Map.of("x-team", MessageTemplate.parse("{{ .GroupLabels.alertname }}")),
        MessageTemplate.named("email.default.html"), MessageTemplate.named("email.default.text"), true, timeout);
  }

  @Test
  void deliversOverStartTlsWithAuthAnHtmlAndATextBody() throws Exception {
    AiosmtpdServer server = startTls(aiosmtpd);

    new EmailNotifier(config(server.port(), true, "s3cret", Duration.ofSeconds(10))).notify(notification(alert(false, "critical", "a")));

    assertThat(server.received()).hasSize(1); // one transaction, both recipients
    Received r = server.received().get(0);
    assertThat(r.tls()).isTrue();
    assertThat(r.ehlo()).as("EHLO before STARTTLS and again after it").containsExactly(HELLO, HELLO);
    assertThat(r.authMechanism()).isEqualTo("PLAIN");
    assertThat(r.authLogin()).isEqualTo("wk");
    assertThat(r.mailFrom()).isEqualTo("alerts@example.com");
    assertThat(r.rcptTos()).containsExactly("oncall@example.com", "critical@example.com");
    assertThat(r.raw().replace("\r\n", "")).as("every line ends with CRLF").doesNotContain("\r").doesNotContain("\n");
    MimeMessage m = r.message();
    assertThat(m.getSubject()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    assertThat(m.getFrom()).extracting(Object::toString).containsExactly("alerts@example.com");
    assertThat(m.getHeader("To")).containsExactly("oncall@example.com, critical@example.com");
    assertThat(Arrays.stream(m.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()))
        .containsExactly("oncall@example.com", "critical@example.com");
    assertThat(m.getHeader("X-Team")).containsExactly("ApiDown");
    assertThat(m.getSentDate()).isNotNull();
    Multipart body = (Multipart) m.getContent();
    assertThat(body.getContentType()).startsWith("multipart/alternative");
    assertThat(body.getCount()).isEqualTo(2);
    BodyPart text = body.getBodyPart(0);
    BodyPart html = body.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat((String) text.getContent()).contains("[1] Firing").contains(" - summary = API <down> on a");
    assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    assertThat((String) html.getContent()).contains("API &lt;down&gt; on a").contains("https://runbooks.example.com/api-down");
  }

  @Test
  void logsInWithLoginWhenTheServerOffersNoPlain() throws Exception {
    AiosmtpdServer server = startTls(loginOnly);

    new EmailNotifier(config(server.port(), true, "s3cret", Duration.ofSeconds(10))).notify(notification(alert(false, "critical", "a")));

    assertThat(server.received()).singleElement().satisfies(r -> {
      assertThat(r.tls()).isTrue();
      assertThat(r.authMechanism()).isEqualTo("LOGIN");
      assertThat(r.message().getSubject()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    });
  }

  @Test
  void logsInWithSaslPlainWhenAnIdentityIsSet() throws Exception {
    AiosmtpdServer server = startTls(aiosmtpd);

    new EmailNotifier(config(server.port(), true, true, "s3cret", "ops", Duration.ofSeconds(10)))
        .notify(notification(alert(false, "critical", "a")));

    assertThat(server.received()).singleElement().satisfies(r -> {
      assertThat(r.authMechanism()).isEqualTo("PLAIN");
      assertThat(r.authLogin()).isEqualTo("wk");
    });
  }

  @Test
  void logsInWithCramMd5WhenOnlyASecretIsSet() throws Exception {
    AiosmtpdServer server = startTls(aiosmtpd);
    EmailConfig c = config(server.port(), true, "s3cret", Duration.ofSeconds(10));
    EmailConfig secretOnly = new EmailConfig(c.to(), c.from(), c.hello(), c.smarthost(), c.authUsername(), Secret.EMPTY, Secret.of("s3cret"),
        c.authIdentity(), c.requireTls(), c.insecureSkipVerify(), c.headers(), c.html(), c.text(), c.sendResolved(), c.timeout());

    new EmailNotifier(secretOnly).notify(notification(alert(false, "critical", "a")));

    assertThat(server.received()).singleElement().satisfies(r -> {
      assertThat(r.authMechanism()).isEqualTo("CRAM-MD5");
      assertThat(r.authLogin()).isEqualTo("wk");
    });
  }

  @Test
  void upgradesWithStartTlsWhenOfferedEvenWithoutRequireTls() throws Exception {
    AiosmtpdServer server = startTls(aiosmtpd);

    new EmailNotifier(config(server.port(), false, "s3cret", Duration.ofSeconds(10))).notify(notification(alert(true, "warning", "b")));

    assertThat(server.received()).singleElement().satisfies(r -> {
      assertThat(r.tls()).isTrue();
      assertThat(r.message().getSubject()).isEqualTo("[RESOLVED] ApiDown (b warning)");
    });
  }

  @Test
  void linesStartingWithADotArriveWhole() throws Exception {
    AiosmtpdServer server = startTls(aiosmtpd);
    NotifiedAlert dots = new NotifiedAlert(false, Labels.of("alertname", "ApiDown", "instance", "a", "severity", "critical"),
        Labels.of("summary", "first\n.\n..two\n.three"), T0, TrackedAlert.ZERO_TIME, "http://wk:9095/graph", 1);

    new EmailNotifier(config(server.port(), true, "s3cret", Duration.ofSeconds(10))).notify(notification(dots));

    Received r = server.received().get(0);
    assertThat(r.raw()).as("the data held lines the client had to dot-stuff").contains("\r\n.\r\n..two\r\n.three\r\n");
    MimeMessage m = r.message();
    String text = (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
    assertThat(text.replace("\r\n", "\n")).contains("summary = first\n.\n..two\n.three\n");
  }

  @Test
  void refusedLoginIsPermanentAndHidesThePassword() throws IOException {
    AiosmtpdServer server = startTls(aiosmtpd);
    EmailNotifier n = new EmailNotifier(config(server.port(), true, "wrong-password", Duration.ofSeconds(10)));

    assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("authentication failed").hasMessageNotContaining("wrong-password");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void untrustedCertificateStopsTheUpgradeRetryably() throws IOException {
    AiosmtpdServer server = startTls(aiosmtpd);
    EmailNotifier n = new EmailNotifier(config(server.port(), true, false, "s3cret", "", Duration.ofSeconds(10)));

    assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("TLS");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void plainSmtpWithoutRequireTlsAuthenticatesToo() throws Exception {
    new EmailNotifier(config(greenMail.getSmtp().getPort(), false, "s3cret", Duration.ofSeconds(10)))
        .notify(notification(alert(true, "warning", "b")));

    assertThat(greenMail.getReceivedMessages()).hasSize(2);
    assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("[RESOLVED] ApiDown (b warning)");
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
