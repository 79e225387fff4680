package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
  @Test
  void configuresStderrWithTheServersPatternAndQuietLibraries() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);

    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
      assertThat(a.isStarted()).isTrue();
      assertThat(a.getTarget()).isEqualTo("System.err");
    });
    assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.flywaydb.core.Flyway").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.watchkeeper.server.App").getEffectiveLevel()).isEqualTo(LogConfigurator.rootLevel(System.getenv("WATCHKEEPER_LOG_LEVEL")));
  }

  @Test
  void theRootLevelComesFromTheEnvironmentInAnyCase() {
    assertThat(LogConfigurator.rootLevel(null)).isEqualTo(Level.INFO);
    assertThat(LogConfigurator.rootLevel(" ")).isEqualTo(Level.INFO);
    assertThat(LogConfigurator.rootLevel("debug")).isEqualTo(Level.DEBUG);
    assertThat(LogConfigurator.rootLevel("WARN")).isEqualTo(Level.WARN);
    assertThat(LogConfigurator.rootLevel("loud")).as("unknown names keep INFO").isEqualTo(Level.INFO);
  }
}
