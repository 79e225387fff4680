package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.TemplateNode.ArgNode;
import io.watchkeeper.rules.template.TemplateNode.BoolNode;
import io.watchkeeper.rules.template.TemplateNode.BranchKind;
import io.watchkeeper.rules.template.TemplateNode.BranchNode;
import io.watchkeeper.rules.template.TemplateNode.ChainNode;
import io.watchkeeper.rules.template.TemplateNode.CommandNode;
import io.watchkeeper.rules.template.TemplateNode.DotNode;
import io.watchkeeper.rules.template.TemplateNode.FieldNode;
import io.watchkeeper.rules.template.TemplateNode.IdentifierNode;
import io.watchkeeper.rules.template.TemplateNode.ListNode;
import io.watchkeeper.rules.template.TemplateNode.NilNode;
import io.watchkeeper.rules.template.TemplateNode.NumberNode;
import io.watchkeeper.rules.template.TemplateNode.PipeNode;
import io.watchkeeper.rules.template.TemplateNode.Position;
import io.watchkeeper.rules.template.TemplateNode.StringNode;
import io.watchkeeper.rules.template.TemplateNode.VariableNode;
import io.watchkeeper.rules.template.TemplateToken.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent parser from tokens to a {@link TemplateNode} tree, following Go's {@code
 * text/template/parse} grammar and checks: undefined variables and unknown functions are parse
 * errors, variables are scoped to the control structure that declares them, {@code {{break}}} and
 * {@code {{continue}}} only inside {@code {{range}}}. Not thread-safe; one instance per parse.
 */
final class TemplateParser {
  private final String name;
  private final List<TemplateToken> tokens;
  private final Set<String> functions;
  private final Map<String, ListNode> definitions = new LinkedHashMap<>();
  private List<String> vars = new ArrayList<>();
  private int index;
  private int rangeDepth;

  /** What a parse produced: the main body and the {@code {{define}}}d templates. */
  record Parsed(ListNode root, Map<String, ListNode> definitions) {}

  /** Thrown inside the parser to unwind; converted to {@link TemplateException} at the top. */
  private static final class Failure extends RuntimeException {
    private final int line;
    private final int column;

    Failure(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }
  }

  private TemplateParser(String name, List<TemplateToken> tokens, Set<String> functions, Collection<String> variables) {
    this.name = name;
    this.tokens = tokens;
    this.functions = functions;
    this.vars.add("$");
    this.vars.addAll(variables);
  }

  /**
   * Parses {@code text}.
   *
   * @param functions the names of the functions templates may call
   * @param variables variables that exist before the text starts (Prometheus' {@code $labels},
   *     {@code $value}, ...), with their {@code $}
   */
  static Parsed parse(String name, String text, Set<String> functions, Collection<String> variables)
      throws TemplateException {
    TemplateParser p = new TemplateParser(name, TemplateLexer.lex(text), functions, variables);
    try {
      ListNode root = p.parseRoot();
      return new Parsed(root, Map.copyOf(p.definitions));
    } catch (Failure f) {
      throw new TemplateException("template: " + name + ":" + f.line + ":" + f.column + ": " + f.getMessage(),
          f.line, f.column);
    }
  }

  // --- token stream ------------------------------------------------------------------------

  private TemplateToken next() {
    TemplateToken t = tokens.get(Math.min(index, tokens.size() - 1));
    index++;
    if (t.kind() == Kind.ERROR) {
      throw new Failure(t.text(), t.line(), t.column());
    }
    return t;
  }

  private TemplateToken peek() {
    TemplateToken t = next();
    index--;
    return t;
  }

  private TemplateToken nextNonSpace() {
    TemplateToken t;
    do {
      t = next();
    } while (t.kind() == Kind.SPACE);
    return t;
  }

  private TemplateToken peekNonSpace() {
    TemplateToken t = nextNonSpace();
    index--;
    return t;
  }

  private void backup() {
    index--;
  }

  private Failure error(TemplateToken at, String message) {
    return new Failure(message, at.line(), at.column());
  }

  private Failure unexpected(TemplateToken t, String context) {
    return error(t, "unexpected " + t.describe() + " in " + context);
  }

  private TemplateToken expect(Kind kind, String context) {
    TemplateToken t = nextNonSpace();
    if (t.kind() != kind) {
      throw unexpected(t, context);
    }
    return t;
  }

  private boolean isKeyword(TemplateToken t, String word) {
    return t.kind() == Kind.KEYWORD && t.text().equals(word);
  }

  // --- structure ---------------------------------------------------------------------------

  /** Marker results of {@link #textOrAction()} for {@code {{end}}} and {@code {{else}}}. */
  private record Delimiter(TemplateToken token, boolean isElse) implements Item {}

  /** A parsed node or a delimiter. */
  private sealed interface Item permits Delimiter, NodeItem {}

  private record NodeItem(TemplateNode node) implements Item {}

  private ListNode parseRoot() {
    Position start = Position.of(peek());
    List<TemplateNode> nodes = new ArrayList<>();
    while (peek().kind() != Kind.EOF) {
      if (peek().kind() == Kind.LEFT_DELIM) {
        int mark = index;
        next();
        if (isKeyword(nextNonSpace(), "define")) {
          parseDefinition();
          continue;
        }
        index = mark;
      }
      Item item = textOrAction();
      if (item instanceof Delimiter d) {
        throw error(d.token(), "unexpected {{" + (d.isElse() ? "else" : "end") + "}}");
      }
      nodes.add(((NodeItem) item).node());
    }
    return new ListNode(start, nodes);
  }

  private void parseDefinition() {
    TemplateToken nameToken = nextNonSpace();
    String defName = templateName(nameToken, "define clause");
    expect(Kind.RIGHT_DELIM, "define clause");
    List<String> saved = vars;
    vars = new ArrayList<>(List.of("$"));
    ListResult body = itemList();
    vars = saved;
    if (body.end().isElse()) {
      throw error(body.end().token(), "unexpected {{else}} in define clause");
    }
    if (definitions.containsKey(defName)) {
      throw error(nameToken, "template: multiple definition of template \"" + defName + "\"");
    }
    definitions.put(defName, body.list());
  }

  private String templateName(TemplateToken t, String context) {
    if (t.kind() != Kind.STRING && t.kind() != Kind.RAW_STRING) {
      throw unexpected(t, context);
    }
    return unquote(t);
  }

  private record ListResult(ListNode list, Delimiter end) {}

  /** Nodes up to {@code {{end}}} or {@code {{else}}}. */
  private ListResult itemList() {
    Position start = Position.of(peekNonSpace());
    List<TemplateNode> nodes = new ArrayList<>();
    while (peekNonSpace().kind() != Kind.EOF) {
      Item item = textOrAction();
      if (item instanceof Delimiter d) {
        return new ListResult(new ListNode(start, nodes), d);
      }
      nodes.add(((NodeItem) item).node());
    }
    throw error(peek(), "unexpected EOF");
  }

  private Item textOrAction() {
    TemplateToken t = nextNonSpace();
    return switch (t.kind()) {
      case TEXT -> new NodeItem(new TemplateNode.TextNode(Position.of(t), t.text()));
      case LEFT_DELIM -> action();
      default -> throw unexpected(t, "input");
    };
  }

  private Item action() {
    TemplateToken t = nextNonSpace();
    if (t.kind() == Kind.KEYWORD) {
      switch (t.text()) {
        case "block":
          return new NodeItem(blockControl(t));
        case "break":
        case "continue":
          return new NodeItem(loopControl(t));
        case "else":
          return elseControl(t);
        case "end":
          expect(Kind.RIGHT_DELIM, "end");
          return new Delimiter(t, false);
        case "if":
          return new NodeItem(branch(t, BranchKind.IF));
        case "range":
          return new NodeItem(branch(t, BranchKind.RANGE));
        case "template":
          return new NodeItem(templateControl(t));
        case "with":
          return new NodeItem(branch(t, BranchKind.WITH));
        default:
          throw unexpected(t, "command");
      }
    }
    backup();
    TemplateToken at = peek();
    // Variables declared here persist until the enclosing control's {{end}}.
    return new NodeItem(new TemplateNode.ActionNode(Position.of(at), pipeline("command", Kind.RIGHT_DELIM)));
  }

  private TemplateNode loopControl(TemplateToken t) {
    TemplateToken end = nextNonSpace();
    if (end.kind() != Kind.RIGHT_DELIM) {
      throw unexpected(end, "{{" + t.text() + "}}");
    }
    if (rangeDepth == 0) {
      throw error(t, "{{" + t.text() + "}} outside {{range}}");
    }
    return t.text().equals("break") ? new TemplateNode.BreakNode(Position.of(t))
        : new TemplateNode.ContinueNode(Position.of(t));
  }

  private Item elseControl(TemplateToken t) {
    TemplateToken peek = peekNonSpace();
    if (isKeyword(peek, "if") || isKeyword(peek, "with")) {
      // "{{else if ...}}" is "{{else}}{{if ...}}...{{end}}" sharing the outer {{end}}.
      return new Delimiter(t, true);
    }
    expect(Kind.RIGHT_DELIM, "else");
    return new Delimiter(t, true);
  }

  private BranchNode branch(TemplateToken keyword, BranchKind kind) {
    int savedVars = vars.size();
    try {
      PipeNode pipe = pipeline(kind.word(), Kind.RIGHT_DELIM);
      if (kind == BranchKind.RANGE) {
        rangeDepth++;
      }
      ListResult body = itemList();
      if (kind == BranchKind.RANGE) {
        rangeDepth--;
      }
      ListNode elseList = null;
      if (body.end().isElse()) {
        TemplateToken after = peek();
        if (kind == BranchKind.IF && isKeyword(after, "if")) {
          next();
          elseList = new ListNode(Position.of(after), List.of(branch(after, BranchKind.IF)));
        } else if (kind == BranchKind.WITH && isKeyword(after, "with")) {
          next();
          elseList = new ListNode(Position.of(after), List.of(branch(after, BranchKind.WITH)));
        } else {
          ListResult elseBody = itemList();
          if (elseBody.end().isElse()) {
            throw error(elseBody.end().token(), "expected end; found {{else}}");
          }
          elseList = elseBody.list();
        }
      }
      return new BranchNode(Position.of(keyword), kind, pipe, body.list(), elseList);
    } finally {
      vars.subList(savedVars, vars.size()).clear();
    }
  }

  private TemplateNode templateControl(TemplateToken keyword) {
    TemplateToken nameToken = nextNonSpace();
    String target = templateName(nameToken, "template clause");
    PipeNode pipe = null;
    if (nextNonSpace().kind() != Kind.RIGHT_DELIM) {
      backup();
      pipe = pipeline("template clause", Kind.RIGHT_DELIM);
    }
    return new TemplateNode.TemplateCallNode(Position.of(keyword), target, pipe);
  }

  /** {@code {{block "name" pipeline}} body {{end}}}: defines "name" and calls it. */
  private TemplateNode blockControl(TemplateToken keyword) {
    TemplateToken nameToken = nextNonSpace();
    String target = templateName(nameToken, "block clause");
    PipeNode pipe = pipeline("block clause", Kind.RIGHT_DELIM);
    List<String> saved = vars;
    vars = new ArrayList<>(List.of("$"));
    ListResult body = itemList();
    vars = saved;
    if (body.end().isElse()) {
      throw error(body.end().token(), "unexpected {{else}} in block clause");
    }
    if (definitions.containsKey(target)) {
      throw error(nameToken, "template: multiple definition of template \"" + target + "\"");
    }
    definitions.put(target, body.list());
    return new TemplateNode.TemplateCallNode(Position.of(keyword), target, pipe);
  }

  // --- pipelines ---------------------------------------------------------------------------

  private PipeNode pipeline(String context, Kind end) {
    Position start = Position.of(peekNonSpace());
    List<VariableNode> decl = new ArrayList<>();
    boolean isAssign = declarations(context, decl);
    List<CommandNode> commands = new ArrayList<>();
    while (true) {
      TemplateToken t = nextNonSpace();
      if (t.kind() == end) {
        checkPipeline(t, commands, context);
        return new PipeNode(start, isAssign, decl, commands);
      }
      switch (t.kind()) {
        case BOOL, CHAR, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
          backup();
          commands.add(command());
        }
        default -> throw unexpected(t, context);
      }
    }
  }

  /** Reads {@code $x :=}, {@code $x =} or {@code $i, $e :=}; returns whether it is an assignment. */
  private boolean declarations(String context, List<VariableNode> decl) {
    while (true) {
      TemplateToken v = peekNonSpace();
      if (v.kind() != Kind.VARIABLE) {
        return false;
      }
      int mark = index;
      nextNonSpace();
      TemplateToken following = peekNonSpace();
      if (following.kind() == Kind.ASSIGN || following.kind() == Kind.DECLARE) {
        nextNonSpace();
        boolean assign = following.kind() == Kind.ASSIGN;
        VariableNode var = new VariableNode(Position.of(v), List.of(v.text()));
        if (assign) {
          useVariable(v);
        } else {
          vars.add(v.text());
        }
        decl.add(var);
        return assign;
      }
      if (following.kind() == Kind.COMMA) {
        nextNonSpace();
        decl.add(new VariableNode(Position.of(v), List.of(v.text())));
        vars.add(v.text());
        if (context.equals("range") && decl.size() < 2) {
          TemplateToken after = peekNonSpace();
          if (after.kind() == Kind.VARIABLE || after.kind() == Kind.RIGHT_DELIM || after.kind() == Kind.RIGHT_PAREN) {
            continue;
          }
          throw error(after, "range can only initialize variables");
        }
        throw error(v, "too many declarations in " + context);
      }
      index = mark;
      return false;
    }
  }

  private void checkPipeline(TemplateToken at, List<CommandNode> commands, String context) {
    if (commands.isEmpty()) {
      throw error(at, "missing value for " + context);
    }
    for (int i = 1; i < commands.size(); i++) {
      ArgNode first = commands.get(i).args().get(0);
      if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
          || first instanceof NumberNode || first instanceof StringNode) {
        Position p = first.position();
        throw new Failure("non executable command in pipeline stage " + (i + 1), p.line(), p.column());
      }
    }
  }

  private CommandNode command() {
    Position start = Position.of(peekNonSpace());
    List<ArgNode> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      ArgNode operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      TemplateToken t = next();
      if (t.kind() == Kind.SPACE) {
        continue;
      }
      if (t.kind() == Kind.RIGHT_DELIM || t.kind() == Kind.RIGHT_PAREN) {
        backup();
      } else if (t.kind() != Kind.PIPE) {
        throw unexpected(t, "operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw new Failure("empty command", start.line(), start.column());
    }
    return new CommandNode(start, args);
  }

  private @Nullable ArgNode operand() {
    ArgNode node = term();
    if (node == null) {
      return null;
    }
    if (peek().kind() != Kind.FIELD) {
      return node;
    }
    List<String> fields = new ArrayList<>();
    while (peek().kind() == Kind.FIELD) {
      fields.add(next().text().substring(1));
    }
    return switch (node) {
      case FieldNode f -> {
        List<String> all = new ArrayList<>(f.idents());
        all.addAll(fields);
        yield new FieldNode(f.position(), all);
      }
      case VariableNode v -> {
        List<String> all = new ArrayList<>(v.idents());
        all.addAll(fields);
        yield new VariableNode(v.position(), all);
      }
      case BoolNode b -> throw new Failure("unexpected . after term \"" + b + "\"", b.position().line(),
          b.position().column());
      case StringNode s -> throw new Failure("unexpected . after term " + quoted(s.toString()), s.position().line(),
          s.position().column());
      case NumberNode n -> throw new Failure("unexpected . after term \"" + n + "\"", n.position().line(),
          n.position().column());
      case NilNode n -> throw new Failure("unexpected . after term \"nil\"", n.position().line(), n.position().column());
      case DotNode d -> throw new Failure("unexpected . after term \".\"", d.position().line(), d.position().column());
      default -> new ChainNode(node.position(), node, fields);
    };
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    GoFormat.quote(sb, s, false);
    return sb.toString();
  }

  private @Nullable ArgNode term() {
    TemplateToken t = nextNonSpace();
    Position p = Position.of(t);
    return switch (t.kind()) {
      case IDENTIFIER -> {
        if (!functions.contains(t.text())) {
          throw error(t, "function \"" + t.text() + "\" not defined");
        }
        yield new IdentifierNode(p, t.text());
      }
      case DOT -> new DotNode(p);
      case NIL -> new NilNode(p);
      case VARIABLE -> {
        useVariable(t);
        yield new VariableNode(p, List.of(t.text()));
      }
      case FIELD -> new FieldNode(p, Arrays.asList(t.text().substring(1).split("\\.")));
      case BOOL -> new BoolNode(p, t.text().equals("true"));
      case CHAR, NUMBER -> number(t);
      case LEFT_PAREN -> pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
      case STRING, RAW_STRING -> new StringNode(p, t.text(), unquote(t));
      default -> {
        backup();
        yield null;
      }
    };
  }

  private void useVariable(TemplateToken t) {
    if (!vars.contains(t.text())) {
      throw error(t, "undefined variable \"" + t.text() + "\"");
    }
  }

  private String unquote(TemplateToken t) {
    try {
      return GoStrings.unquote(t.text());
    } catch (IllegalArgumentException e) {
      throw error(t, e.getMessage());
    }
  }

  // --- numbers -----------------------------------------------------------------------------

  private NumberNode number(TemplateToken t) {
    Position p = Position.of(t);
    String text = t.text();
    if (t.kind() == Kind.CHAR) {
      int rune;
      try {
        rune = GoStrings.unquoteChar(text);
      } catch (IllegalArgumentException e) {
        throw error(t, e.getMessage());
      }
      return new NumberNode(p, text, true, true, rune, rune, false);
    }
    if (text.endsWith("i")) {
      throw error(t, "complex constants are not supported: " + text);
    }
    String clean = text.replace("_", "");
    Long asInt = parseInteger(clean);
    if (asInt != null) {
      return new NumberNode(p, text, true, true, asInt, asInt.doubleValue(), false);
    }
    boolean hex = clean.startsWith("0x") || clean.startsWith("0X") || clean.startsWith("-0x")
        || clean.startsWith("+0x");
    boolean floatSyntax = hex ? clean.matches(".*[.pP].*") : clean.matches(".*[.eE].*");
    if (!floatSyntax) {
      if (isInteger(clean)) {
        throw error(t, "integer overflow: \"" + text + "\"");
      }
      throw error(t, "illegal number syntax: \"" + text + "\"");
    }
    double f;
    try {
      f = hex ? Double.parseDouble(hexFloat(clean)) : Double.parseDouble(clean);
    } catch (NumberFormatException e) {
      throw error(t, "illegal number syntax: \"" + text + "\"");
    }
    boolean integral = !Double.isInfinite(f) && f == Math.rint(f) && Math.abs(f) < 0x1p63;
    return new NumberNode(p, text, integral, true, integral ? (long) f : 0, f, true);
  }

  private static String hexFloat(String s) {
    // Java needs a binary exponent on hex floats; Go allows omitting it.
    return s.matches(".*[pP].*") ? s : s + "p0";
  }

  private static boolean isInteger(String s) {
    return s.matches("[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)");
  }

  private static @Nullable Long parseInteger(String s) {
    if (!isInteger(s)) {
      return null;
    }
    boolean neg = s.startsWith("-");
    String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    int radix = 10;
    if (body.startsWith("0x") || body.startsWith("0X")) {
      radix = 16;
      body = body.substring(2);
    } else if (body.startsWith("0b") || body.startsWith("0B")) {
      radix = 2;
      body = body.substring(2);
    } else if (body.startsWith("0o") || body.startsWith("0O")) {
      radix = 8;
      body = body.substring(2);
    } else if (body.length() > 1 && body.startsWith("0")) {
      radix = 8;
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return 0L;
    }
    BigInteger v = new BigInteger(body, radix);
    if (neg) {
      v = v.negate();
    }
    return v.bitLength() < 64 ? v.longValue() : null;
  }
}
