package io.watchkeeper.alerting.notify.template;

import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A channel's message template (a Slack {@code title}, an email {@code html}, a PagerDuty {@code
 * description}, ...): literal text with the subset of Go's template actions that notification
 * configs use most, checked when the configuration loads so an unsupported construct is a clear
 * error there, never a broken message later. Immutable and thread-safe.
 *
 * <p>Supported inside {@code {{ }}} (with {@code {{-} and {@code -}}} trimming):
 *
 * <ul>
 *   <li>fields of the notification: {@code .Status}, {@code .Receiver}, {@code .ExternalURL},
 *       {@code .GroupLabels.NAME}, {@code .CommonLabels.NAME}, {@code .CommonAnnotations.NAME}
 *       (a missing name renders {@code <no value>}, as Go does), {@code .Alerts}, {@code
 *       .Alerts.Firing}, {@code .Alerts.Resolved};
 *   <li>{@code template "NAME" .} and {@code template "NAME" .Alerts.Firing} with the names of
 *       {@link DefaultTemplates};
 *   <li>functions {@code len}, {@code toUpper}, {@code toLower}, {@code title}, as calls ({@code len
 *       .Alerts}) or in pipes ({@code .Alerts.Firing | len}), and string literals.
 * </ul>
 *
 * Anything else ({@code if}, {@code range}, variables, other functions) is rejected by {@link
 * #parse}.
 */
public final class MessageTemplate {
  private static final String NO_VALUE = "<no value>";
  private static final String SUPPORTED = "supported: fields such as {{ .CommonLabels.severity }} or {{ .Status }},"
      + " {{ template \"slack.default.title\" . }}, and the functions len, toUpper, toLower, title";

  private sealed interface Node permits Text, Action {}

  private record Text(String text) implements Node {}

  private record Action(List<List<String>> pipeline) implements Node {}

  private final String source;
  private final List<Node> nodes;

  private MessageTemplate(String source, List<Node> nodes) {
    this.source = source;
    this.nodes = List.copyOf(nodes);
  }

  /** The template that renders one of {@link DefaultTemplates}' names applied to the notification. */
  public static MessageTemplate named(String name) {
    return parse("{{ template \"" + name + "\" . }}");
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the construct that is not supported or malformed
   */
  public static MessageTemplate parse(String source) {
    Objects.requireNonNull(source, "source");
    List<Node> nodes = new ArrayList<>();
    int i = 0;
    boolean trimNextText = false;
    while (i < source.length()) {
      int open = source.indexOf("{{", i);
      String text = open < 0 ? source.substring(i) : source.substring(i, open);
      if (trimNextText) {
        text = text.stripLeading();
      }
      if (open < 0) {
        nodes.add(new Text(text));
        break;
      }
      int close = source.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed action: \"{{\" at offset " + open + " has no \"}}\"");
      }
      String inner = source.substring(open + 2, close);
      if (inner.startsWith("-") && (inner.length() == 1 || Character.isWhitespace(inner.charAt(1)))) {
        text = text.stripTrailing();
        inner = inner.substring(1);
      }
      trimNextText = false;
      if (inner.endsWith("-") && inner.length() > 1 && Character.isWhitespace(inner.charAt(inner.length() - 2))) {
        trimNextText = true;
        inner = inner.substring(0, inner.length() - 1);
      }
      nodes.add(new Text(text));
      nodes.add(action(inner.strip()));
      i = close + 2;
    }
    MessageTemplate t = new MessageTemplate(source, nodes);
    t.check();
    return t;
  }

  private static Action action(String inner) {
    if (inner.isEmpty()) {
      throw new IllegalArgumentException("missing value for command {{ }}");
    }
    if (inner.startsWith("/*")) {
      return new Action(List.of()); // a comment
    }
    List<List<String>> pipeline = new ArrayList<>();
    List<String> command = new ArrayList<>();
    List<String> tokens = tokens(inner);
    for (String tok : tokens) {
      if (tok.equals("|")) {
        if (command.isEmpty()) {
          throw new IllegalArgumentException("missing command before \"|\" in {{ " + inner + " }}");
        }
        pipeline.add(command);
        command = new ArrayList<>();
      } else {
        command.add(tok);
      }
    }
    if (command.isEmpty()) {
      throw new IllegalArgumentException("missing command after \"|\" in {{ " + inner + " }}");
    }
    pipeline.add(command);
    return new Action(pipeline);
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '|') {
        out.add("|");
        i++;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder("\"");
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
            char e = s.charAt(i);
            sb.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> e;
            });
          } else {
            sb.append(s.charAt(i));
          }
          i++;
        }
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string in {{ " + s + " }}");
        }
        out.add(sb.toString());
        i++;
      } else {
        int start = i;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '|') {
          i++;
        }
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  // Validates every action against an empty notification: what renders on it renders on any.
  private void check() {
    Notification probe = new Notification("r", "{}", Labels.EMPTY, List.of(), "");
    for (Node n : nodes) {
      if (n instanceof Action a) {
        evalPipeline(a, probe, false);
      }
    }
  }

  /** The text for a notification; {@code html} escapes values for HTML (email, Telegram's HTML mode). */
  public String render(Notification n, boolean html) {
    StringBuilder sb = new StringBuilder();
    for (Node node : nodes) {
      switch (node) {
        case Text t -> sb.append(t.text());
        case Action a -> sb.append(evalPipeline(a, n, html));
      }
    }
    return sb.toString();
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  private static String evalPipeline(Action a, Notification n, boolean html) {
    if (a.pipeline().isEmpty()) {
      return "";
    }
    Object value = null;
    boolean escaped = false;
    for (List<String> command : a.pipeline()) {
      String head = command.get(0);
      if (head.equals("template")) {
        if (value != null || command.size() < 2 || command.size() > 3) {
          throw new IllegalArgumentException("expected {{ template \"NAME\" . }}, got {{ " + String.join(" ", command) + " }}");
        }
        value = template(unquote(command.get(1)), command.size() == 3 ? command.get(2) : ".", n, html);
        escaped = html;
        continue;
      }
      List<Object> args = new ArrayList<>();
      for (String arg : command.subList(1, command.size())) {
        args.add(operand(arg, n));
      }
      if (value != null) {
        args.add(value);
      }
      value = command.size() == 1 && value == null ? operand(head, n) : call(head, args);
      escaped = false;
    }
    String out = format(value);
    return html && !escaped ? DefaultTemplates.html(out) : out;
  }

  private static String template(String name, String arg, Notification n, boolean html) {
    if (arg.equals(".")) {
      String out = DefaultTemplates.render(name, n).orElseThrow(() -> unknownTemplate(name));
      return html && !name.equals("email.default.html") ? DefaultTemplates.html(out) : out;
    }
    if (!(operand(arg, n) instanceof List<?> list)) {
      throw new IllegalArgumentException("template \"" + name + "\" takes . or a list of alerts, got " + arg);
    }
    List<NotifiedAlert> alerts = new ArrayList<>();
    list.forEach(o -> alerts.add((NotifiedAlert) o));
    String out = DefaultTemplates.renderAlerts(name, alerts).orElseThrow(() -> unknownTemplate(name));
    return html ? DefaultTemplates.html(out) : out;
  }

  private static IllegalArgumentException unknownTemplate(String name) {
    return new IllegalArgumentException("no such template \"" + name + "\" (Watchkeeper knows Alertmanager's default"
        + " templates, e.g. __subject, __text_alert_list, slack.default.title, email.default.html)");
  }

  private static String unquote(String tok) {
    if (!tok.startsWith("\"")) {
      throw new IllegalArgumentException("expected a quoted template name, got " + tok);
    }
    return tok.substring(1);
  }

  private static Object operand(String tok, Notification n) {
    if (tok.startsWith("\"")) {
      return tok.substring(1);
    }
    if (!tok.startsWith(".")) {
      throw unsupported(tok);
    }
    if (tok.equals(".")) {
      return n;
    }
    String[] path = tok.substring(1).split("\\.", -1);
    Object v = switch (path[0]) {
      case "Status" -> n.status();
      case "Receiver" -> n.receiver();
      case "ExternalURL" -> n.externalUrl();
      case "GroupLabels" -> n.groupLabels();
      case "CommonLabels" -> n.commonLabels();
      case "CommonAnnotations" -> n.commonAnnotations();
      case "Alerts" -> n.alerts();
      default -> throw unsupported(tok);
    };
    for (int i = 1; i < path.length; i++) {
      String p = path[i];
      if (v instanceof Labels l && path.length == i + 1 && !p.isEmpty()) {
        v = l.has(p) ? l.get(p) : NO_VALUE;
      } else if (path[0].equals("Alerts") && i == 1 && path.length == 2 && (p.equals("Firing") || p.equals("Resolved"))) {
        v = p.equals("Firing") ? DefaultTemplates.firing(n) : DefaultTemplates.resolved(n);
      } else {
        throw unsupported(tok);
      }
    }
    return v;
  }

  private static Object call(String fn, List<Object> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("wrong number of args for " + fn + ": want 1 got " + args.size());
    }
    Object a = args.get(0);
    return switch (fn) {
      case "len" -> switch (a) {
        case List<?> l -> l.size();
        case Labels l -> l.size();
        case String s -> s.length();
        default -> throw new IllegalArgumentException("len of " + a.getClass().getSimpleName());
      };
      case "toUpper" -> format(a).toUpperCase(Locale.ROOT);
      case "toLower" -> format(a).toLowerCase(Locale.ROOT);
      case "title" -> title(format(a));
      default -> throw unsupported(fn);
    };
  }

  private static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
    }
    return sb.toString();
  }

  private static String format(Object v) {
    return switch (v) {
      case String s -> s;
      case Integer i -> i.toString();
      case Labels l -> l.toMap().toString();
      case Notification n -> DefaultTemplates.subject(n);
      default -> String.valueOf(v);
    };
  }

  private static IllegalArgumentException unsupported(String what) {
    return new IllegalArgumentException("unsupported template construct \"" + what + "\" (" + SUPPORTED + ")");
  }

  @Override
  public String toString() {
    return source;
  }
}
