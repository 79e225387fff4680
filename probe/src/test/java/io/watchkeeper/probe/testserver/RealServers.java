package io.watchkeeper.probe.testserver;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension giving tests a real PostgreSQL ({@link PostgresServer}) and a real Redis
 * ({@link RedisServer}) as parameters, each started once per test run and stopped at its end. A
 * test class is skipped, with a message saying what to install, only when the server's binaries
 * are absent; a server that is installed but fails to start fails the tests.
 *
 * <pre>{@code
 * @ExtendWith(RealServers.class)
 * class PostgresProberTest {
 *   @Test void connects(PostgresServer pg) { ... }
 * }
 * }</pre>
 */
public final class RealServers implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealServers.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    boolean wantsPostgres = usesType(context, PostgresServer.class);
    boolean wantsRedis = usesType(context, RedisServer.class);
    boolean ci = "true".equals(System.getenv("CI")); // .ci/run installs both: never skipped there
    if (wantsPostgres) {
      if (ci && PostgresServer.binaries().isEmpty()) {
        throw new IllegalStateException("CI=true but PostgreSQL is not installed: .ci/run installs it with apt-get");
      }
      Assumptions.assumeTrue(PostgresServer.binaries().isPresent(),
          "PostgreSQL is not installed (no initdb/pg_ctl on the PATH or under /usr/lib/postgresql): apt-get install -y postgresql");
    }
    if (wantsRedis) {
      if (ci && RedisServer.binary().isEmpty()) {
        throw new IllegalStateException("CI=true but Redis is not installed: .ci/run installs it with apt-get");
      }
      Assumptions.assumeTrue(RedisServer.binary().isPresent(),
          "Redis is not installed (no redis-server on the PATH): apt-get install -y redis-server");
    }
  }

  private static boolean usesType(ExtensionContext context, Class<?> type) {
    Class<?> c = context.getRequiredTestClass();
    for (var m : c.getDeclaredMethods()) {
      for (Class<?> p : m.getParameterTypes()) {
        if (p == type) {
          return true;
        }
      }
    }
    for (var ctor : c.getDeclaredConstructors()) {
      for (Class<?> p : ctor.getParameterTypes()) {
        if (p == type) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == PostgresServer.class || t == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    ExtensionContext.Store store = e.getRoot().getStore(NS);
    if (p.getParameter().getType() == PostgresServer.class) {
      Path bin = PostgresServer.binaries().orElseThrow();
      return store.computeIfAbsent(PostgresServer.class, k -> {
        try {
          return PostgresServer.start(bin);
        } catch (Exception ex) {
          throw new IllegalStateException("PostgreSQL is installed but did not start", ex);
        }
      }, PostgresServer.class);
    }
    Path redis = RedisServer.binary().orElseThrow();
    return store.computeIfAbsent(RedisServer.class, k -> {
      try {
        return RedisServer.start(redis);
      } catch (Exception ex) {
        throw new IllegalStateException("Redis is installed but did not start", ex);
      }
    }, RedisServer.class);
  }
}
