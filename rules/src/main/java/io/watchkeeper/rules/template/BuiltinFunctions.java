package io.watchkeeper.rules.template;

import static io.watchkeeper.rules.template.TemplateFunction.ParamType.ANY;
import static io.watchkeeper.rules.template.TemplateFunction.ParamType.STRING;

import io.watchkeeper.rules.template.GoValue.GoMap;
import io.watchkeeper.rules.template.TemplateFunction.FunctionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The functions Go's {@code text/template} predefines: {@code and or not len index slice print
 * printf println html js urlquery call eq ne lt le gt ge}, with Go's comparison rules (an int never
 * equals a float: {@code incompatible types for comparison}). Stateless and thread-safe.
 */
final class BuiltinFunctions {
  private static final Map<String, TemplateFunction> ALL = java.util.Collections.unmodifiableMap(build());

  private BuiltinFunctions() {}

  /** All builtins by name (one shared, immutable map). */
  static Map<String, TemplateFunction> all() {
    return ALL;
  }

  private static Map<String, TemplateFunction> build() {
    Map<String, TemplateFunction> m = new LinkedHashMap<>();
    // and/or short-circuit: the executor evaluates their arguments itself.
    add(m, TemplateFunction.variadic("and", args -> args.get(args.size() - 1), ANY, ANY));
    add(m, TemplateFunction.variadic("or", args -> args.get(args.size() - 1), ANY, ANY));
    add(m, TemplateFunction.of("not", args -> !TemplateExecutor.isTrue(args.get(0)), ANY));
    add(m, TemplateFunction.of("len", args -> length(args.get(0)), ANY));
    add(m, TemplateFunction.variadic("index", BuiltinFunctions::index, ANY, ANY));
    add(m, TemplateFunction.variadic("slice", BuiltinFunctions::slice, ANY, ANY));
    add(m, TemplateFunction.variadic("print", GoFormat::sprint, ANY));
    add(m, TemplateFunction.variadic("println", GoFormat::sprintln, ANY));
    add(m, TemplateFunction.variadic("printf",
        args -> GoFormat.sprintf((String) args.get(0), args.subList(1, args.size())), STRING, ANY));
    add(m, TemplateFunction.variadic("html", args -> htmlEscape(evalArgs(args)), ANY));
    add(m, TemplateFunction.variadic("js", args -> jsEscape(evalArgs(args)), ANY));
    add(m, TemplateFunction.variadic("urlquery", args -> queryEscape(evalArgs(args)), ANY));
    add(m, TemplateFunction.variadic("call", args -> {
      throw new FunctionException("non-function of type " + GoFormat.typeName(args.get(0)));
    }, ANY, ANY));
    add(m, TemplateFunction.variadic("eq", BuiltinFunctions::eq, ANY, ANY));
    add(m, TemplateFunction.of("ne", args -> !(Boolean) eq(args), ANY, ANY));
    add(m, TemplateFunction.of("lt", args -> lessThan(args.get(0), args.get(1)), ANY, ANY));
    add(m, TemplateFunction.of("le", args -> lessOrEqual(args.get(0), args.get(1)), ANY, ANY));
    add(m, TemplateFunction.of("gt", args -> !lessOrEqual(args.get(0), args.get(1)), ANY, ANY));
    add(m, TemplateFunction.of("ge", args -> !lessThan(args.get(0), args.get(1)), ANY, ANY));
    return m;
  }

  private static void add(Map<String, TemplateFunction> m, TemplateFunction f) {
    m.put(f.name(), f);
  }

  // --- len, index, slice -------------------------------------------------------------------

  private static long length(@Nullable Object v) throws FunctionException {
    return switch (v) {
      case String s -> s.getBytes(StandardCharsets.UTF_8).length;
      case GoValue.SafeHtml h -> h.text().getBytes(StandardCharsets.UTF_8).length;
      case List<?> l -> l.size();
      case QueryResult q -> q.samples().size();
      case GoMap m -> m.entries().size();
      case null -> throw new FunctionException("len of nil pointer");
      default -> throw new FunctionException("len of type " + GoFormat.typeName(v));
    };
  }

  private static @Nullable Object index(List<@Nullable Object> args) throws FunctionException {
    Object item = args.get(0);
    if (item == null) {
      throw new FunctionException("index of untyped nil");
    }
    for (Object idx : args.subList(1, args.size())) {
      item = switch (item) {
        case List<?> l -> l.get(indexArg(idx, l.size()));
        case QueryResult q -> q.samples().get(indexArg(idx, q.samples().size()));
        case String s -> {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          yield (long) (b[indexArg(idx, b.length)] & 0xff);
        }
        case GoMap m -> {
          if (!(idx instanceof String key)) {
            throw new FunctionException(idx == null ? "value is nil; should be of type string"
                : "value has type " + GoFormat.typeName(idx) + "; should be string");
          }
          yield m.get(key);
        }
        case null -> throw new FunctionException("index of untyped nil");
        default -> throw new FunctionException("can't index item of type " + GoFormat.typeName(item));
      };
    }
    return item;
  }

  private static int indexArg(@Nullable Object idx, int len) throws FunctionException {
    if (!(idx instanceof Long l)) {
      throw new FunctionException("cannot index slice/array with type " + GoFormat.typeName(idx));
    }
    if (l < 0 || l >= len) {
      throw new FunctionException("index out of range: " + l);
    }
    return l.intValue();
  }

  private static @Nullable Object slice(List<@Nullable Object> args) throws FunctionException {
    Object item = args.get(0);
    List<@Nullable Object> idx = args.subList(1, args.size());
    if (idx.size() > 2) {
      throw new FunctionException("too many slice indexes: " + idx.size());
    }
    int len = switch (item) {
      case String s -> s.getBytes(StandardCharsets.UTF_8).length;
      case List<?> l -> l.size();
      case QueryResult q -> q.samples().size();
      case null -> throw new FunctionException("slice of untyped nil");
      default -> throw new FunctionException("can't slice item of type " + GoFormat.typeName(item));
    };
    int from = idx.isEmpty() ? 0 : sliceIndex(idx.get(0), len);
    int to = idx.size() < 2 ? len : sliceIndex(idx.get(1), len);
    if (from > to) {
      throw new FunctionException("invalid slice index: " + from + " > " + to);
    }
    return switch (item) {
      case String s -> new String(s.getBytes(StandardCharsets.UTF_8), from, to - from, StandardCharsets.UTF_8);
      case List<?> l -> new ArrayList<@Nullable Object>(l.subList(from, to));
      case QueryResult q -> new QueryResult(q.samples().subList(from, to));
      default -> throw new FunctionException("can't slice item of type " + GoFormat.typeName(item));
    };
  }

  private static int sliceIndex(@Nullable Object idx, int cap) throws FunctionException {
    if (!(idx instanceof Long l)) {
      throw new FunctionException("cannot index slice/array with type " + GoFormat.typeName(idx));
    }
    if (l < 0 || l > cap) {
      throw new FunctionException("index out of range: " + l);
    }
    return l.intValue();
  }

  // --- comparison --------------------------------------------------------------------------

  private enum Kind {
    BOOL,
    INT,
    FLOAT,
    STRING,
    OTHER
  }

  private static Kind kind(@Nullable Object v) {
    return switch (v) {
      case Boolean b -> Kind.BOOL;
      case Long l -> Kind.INT;
      case Double d -> Kind.FLOAT;
      case String s -> Kind.STRING;
      case GoValue.SafeHtml h -> Kind.STRING;
      case null, default -> Kind.OTHER;
    };
  }

  private static String str(Object v) {
    return v instanceof GoValue.SafeHtml h ? h.text() : (String) v;
  }

  private static Object eq(List<@Nullable Object> args) throws FunctionException {
    Object a = args.get(0);
    Kind k1 = kind(a);
    for (Object b : args.subList(1, args.size())) {
      Kind k2 = kind(b);
      boolean truth;
      if (k1 != k2) {
        if (a != null && b != null) {
          throw new FunctionException("incompatible types for comparison");
        }
        truth = false;
      } else {
        truth = switch (k1) {
          case BOOL, INT -> a.equals(b);
          case FLOAT -> (double) a == (double) b;
          case STRING -> str(a).equals(str(b));
          case OTHER -> {
            if (a == null || b == null) {
              yield a == b;
            }
            if (a instanceof List<?> || a instanceof GoMap || a instanceof QueryResult) {
              throw new FunctionException("non-comparable type " + GoFormat.printValue(a) + ": "
                  + GoFormat.typeName(a));
            }
            yield a.equals(b);
          }
        };
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  private static boolean lessThan(@Nullable Object a, @Nullable Object b) throws FunctionException {
    Kind k1 = kind(a);
    Kind k2 = kind(b);
    if (k1 == Kind.OTHER || k2 == Kind.OTHER || k1 == Kind.BOOL || k2 == Kind.BOOL) {
      throw new FunctionException("invalid type for comparison");
    }
    if (k1 != k2) {
      throw new FunctionException("incompatible types for comparison");
    }
    return switch (k1) {
      case INT -> (long) a < (long) b;
      case FLOAT -> (double) a < (double) b;
      default -> str(a).compareTo(str(b)) < 0;
    };
  }

  private static boolean lessOrEqual(@Nullable Object a, @Nullable Object b) throws FunctionException {
    if (lessThan(a, b)) {
      return true;
    }
    return (Boolean) eq(TemplateExecutor.listOf(a, b));
  }

  // --- escaping ----------------------------------------------------------------------------

  /** Go's {@code evalArgs}: a single string as is, otherwise {@code fmt.Sprint} of the arguments. */
  private static String evalArgs(List<@Nullable Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String s) {
      return s;
    }
    List<@Nullable Object> printable = new ArrayList<>(args.size());
    for (Object a : args) {
      printable.add(a == null ? "<no value>" : a);
    }
    return GoFormat.sprint(printable);
  }

  static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\0' -> sb.append('\uFFFD');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String jsEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '<' -> sb.append("\\u003C");
        case '>' -> sb.append("\\u003E");
        case '&' -> sb.append("\\u0026");
        case '=' -> sb.append("\\u003D");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (cp < ' ') {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", cp));
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    });
    return sb.toString();
  }

  /** Go's {@code url.QueryEscape}: space as {@code +}, everything but {@code A-Za-z0-9-_.~} percent-encoded. */
  static String queryEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
