package io.watchkeeper.server;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGHUP, as Prometheus reloads its configuration. The JDK's only signal API is
 * {@code sun.misc.Signal} (module jdk.unsupported); it is reached reflectively because javac
 * cannot silence its "internal proprietary API" warning and the build treats warnings as errors.
 * Where it is missing (non-HotSpot JVMs, Windows), reload stays available through {@code POST
 * /-/reload}.
 */
final class Sighup {
  private static final Logger log = LoggerFactory.getLogger(Sighup.class);

  private Sighup() {}

  /** Calls {@code action} on a new virtual thread for every SIGHUP. */
  static void onSignal(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      Object handler = Proxy.newProxyInstance(Sighup.class.getClassLoader(), new Class<?>[] {handlerClass},
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              Thread.ofVirtual().name("sighup-reload").start(action);
              return null;
            }
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "SIGHUP handler";
            };
          });
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      log.atWarn().setCause(e).log("SIGHUP cannot be handled on this JVM; reload with POST /-/reload instead");
    }
  }
}
