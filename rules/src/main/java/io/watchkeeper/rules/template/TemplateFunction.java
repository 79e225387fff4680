package io.watchkeeper.rules.template;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A function templates can call, with Go's calling rules: a fixed list of parameter types (the last
 * one variadic when {@code variadic}), arguments checked against them before the call, and
 * failures reported as {@code error calling NAME: MESSAGE}. Implementations are thread-safe.
 *
 * @param name how templates call it
 * @param params parameter types
 * @param variadic whether the last parameter takes any number of arguments
 * @param body the implementation
 */
public record TemplateFunction(String name, List<ParamType> params, boolean variadic, Body body) {
  public TemplateFunction {
    params = List.copyOf(params);
    if (variadic && params.isEmpty()) {
      throw new IllegalArgumentException("a variadic function needs a parameter");
    }
  }

  /** A function of fixed arity. */
  public static TemplateFunction of(String name, Body body, ParamType... params) {
    return new TemplateFunction(name, List.of(params), false, body);
  }

  /** A function whose last parameter is variadic. */
  public static TemplateFunction variadic(String name, Body body, ParamType... params) {
    return new TemplateFunction(name, List.of(params), true, body);
  }

  /** The implementation: receives arguments already checked against the parameter types. */
  @FunctionalInterface
  public interface Body {
    /**
     * Calls the function.
     *
     * @throws FunctionException when the function returns an error
     */
    @Nullable Object call(List<@Nullable Object> args) throws FunctionException;
  }

  /** The error a function returns; the executor reports it as {@code error calling NAME: MESSAGE}. */
  public static final class FunctionException extends Exception {
    public FunctionException(String message) {
      super(message);
    }

    public FunctionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Parameter types, named as Go names them in "wrong type" errors. */
  public enum ParamType {
    /** {@code interface{}}: anything, including nil. */
    ANY("interface {}"),
    /** {@code string}. */
    STRING("string"),
    /** {@code float64}. */
    FLOAT("float64"),
    /** {@code int}. */
    INT("int"),
    /** {@code bool}. */
    BOOL("bool"),
    /** Prometheus' {@code *template.sample}: one query result (nil allowed). */
    SAMPLE("*template.sample"),
    /** Prometheus' {@code template.queryResult}: a list of samples (nil allowed). */
    QUERY_RESULT("template.queryResult");

    private final String goName;

    ParamType(String goName) {
      this.goName = goName;
    }

    /** The Go type name. */
    public String goName() {
      return goName;
    }

    /** Whether nil may be passed. */
    boolean acceptsNil() {
      return this == ANY || this == SAMPLE || this == QUERY_RESULT;
    }

    /** Whether a non-nil value of this Java type may be passed. */
    boolean accepts(Object v) {
      return switch (this) {
        case ANY -> true;
        case STRING -> v instanceof String;
        case FLOAT -> v instanceof Double;
        case INT -> v instanceof Long;
        case BOOL -> v instanceof Boolean;
        case SAMPLE -> v instanceof TemplateSample;
        case QUERY_RESULT -> v instanceof QueryResult;
      };
    }
  }
}
