package io.watchkeeper.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * The server's logging set-up, in code rather than a {@code logback.xml}: human-readable lines on
 * stderr ({@code 2026-11-22T13:09:49.017Z INFO  Tsdb: TSDB opened dir="data/tsdb"}), the root
 * level from {@code WATCHKEEPER_LOG_LEVEL} (default {@code INFO}), chatty libraries (Jetty, OSHI,
 * HikariCP, Flyway) at {@code WARN}.
 *
 * <p>Why code: logback's XML configurator loads an XML parser and its model framework, about 400
 * classes (some 2.5 MB of metaspace and JIT code for the server's whole life) to read ten lines.
 * A file given with {@code -Dlogback.configurationFile=...} still wins: this configurator then
 * steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg %kvp{DOUBLE}%n%ex{short}";

  /** Public for {@link java.util.ServiceLoader}. */
  public LogConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel(System.getenv("WATCHKEEPER_LOG_LEVEL")));
    root.addAppender(stderr);
    for (String chatty : new String[] {"org.eclipse.jetty", "oshi", "com.zaxxer.hikari", "org.flywaydb"}) {
      context.getLogger(chatty).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The root level named by {@code value} (any case), {@code INFO} when unset or unknown. */
  static Level rootLevel(String value) {
    return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.trim().toUpperCase(Locale.ROOT), Level.INFO);
  }
}
