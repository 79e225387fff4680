package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.GoValue.GoMap;
import io.watchkeeper.rules.template.GoValue.GoStruct;
import io.watchkeeper.rules.template.TemplateFunction.FunctionException;
import io.watchkeeper.rules.template.TemplateFunction.ParamType;
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
import io.watchkeeper.rules.template.TemplateNode.StringNode;
import io.watchkeeper.rules.template.TemplateNode.VariableNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Executes a parsed template with Go's {@code text/template} semantics and {@code missingkey=zero}:
 * pipelines pass their value as the last argument of the next command, fields read struct fields
 * or map keys (a missing key yields the map's zero value), {@code if}/{@code with} test Go's truth,
 * {@code range} iterates slices, maps in key order and integers, functions get their arguments
 * checked against their parameter types. Not thread-safe; one instance per execution.
 */
final class TemplateExecutor {
  /** Deepest nesting of {@code {{template}}} calls, as a guard against runaway recursion. */
  private static final int MAX_DEPTH = 1000;
  /** Stands for "no final argument" in a pipeline (Go's {@code missingVal}). */
  private static final Object MISSING = new Object();

  private final Map<String, ListNode> definitions;
  private final Map<String, TemplateFunction> functions;
  private final StringBuilder out;
  private final List<Variable> vars = new ArrayList<>();
  private String name;
  private TemplateNode at;
  private int depth;

  private static final class Variable {
    final String name;
    @Nullable Object value;

    Variable(String name, @Nullable Object value) {
      this.name = name;
      this.value = value;
    }
  }

  /** An execution error; converted to {@link TemplateException} with Go's context at the top. */
  private static final class Failure extends RuntimeException {
    final String template;
    final TemplateNode node;

    Failure(String message, String template, TemplateNode node, @Nullable Throwable cause) {
      super(message, cause, false, false);
      this.template = template;
      this.node = node;
    }
  }

  /** Unwinds a {@code {{break}}} or {@code {{continue}}} to its range. */
  private static final class LoopControl extends RuntimeException {
    final boolean isBreak;

    LoopControl(boolean isBreak) {
      super(null, null, false, false);
      this.isBreak = isBreak;
    }
  }

  TemplateExecutor(String name, ListNode root, Map<String, ListNode> definitions,
      Map<String, TemplateFunction> functions, StringBuilder out) {
    this.name = name;
    this.definitions = definitions;
    this.functions = functions;
    this.out = out;
    this.at = root;
  }

  /** Runs {@code root} with the given dot and predefined variables. */
  void execute(ListNode root, @Nullable Object dot, List<String> varNames, List<@Nullable Object> varValues)
      throws TemplateException {
    vars.add(new Variable("$", dot));
    for (int i = 0; i < varNames.size(); i++) {
      vars.add(new Variable(varNames.get(i), varValues.get(i)));
    }
    try {
      walk(dot, root);
    } catch (Failure f) {
      TemplateNode.Position p = f.node.position();
      String context = f.node.toString();
      if (context.length() > 20) {
        context = context.substring(0, 20) + "...";
      }
      StringBuilder msg = new StringBuilder("template: ").append(f.template).append(':').append(p.line()).append(':')
          .append(p.column()).append(": executing ");
      GoFormat.quote(msg, f.template, false);
      msg.append(" at <").append(context).append(">: ").append(f.getMessage());
      throw new TemplateException(msg.toString(), p.line(), p.column(), f.getCause());
    } catch (StackOverflowError e) {
      throw new TemplateException("template: " + name + ": exceeded maximum template depth", 1, 1, e);
    }
  }

  private Failure error(String message) {
    return new Failure(message, name, at, null);
  }

  // --- statements --------------------------------------------------------------------------

  private void walk(@Nullable Object dot, TemplateNode node) {
    at = node;
    switch (node) {
      case ListNode l -> {
        for (TemplateNode n : l.nodes()) {
          walk(dot, n);
        }
      }
      case TemplateNode.TextNode t -> out.append(t.text());
      case TemplateNode.ActionNode a -> {
        Object v = evalPipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) {
          out.append(GoFormat.printValue(v));
        }
      }
      case BranchNode b -> {
        if (b.kind() == BranchKind.RANGE) {
          walkRange(dot, b);
        } else {
          walkIfOrWith(dot, b);
        }
      }
      case TemplateNode.TemplateCallNode t -> walkTemplate(dot, t);
      case TemplateNode.BreakNode b -> throw new LoopControl(true);
      case TemplateNode.ContinueNode c -> throw new LoopControl(false);
      default -> throw error("unknown node: " + node);
    }
  }

  private void walkIfOrWith(@Nullable Object dot, BranchNode b) {
    int mark = vars.size();
    try {
      Object v = evalPipeline(dot, b.pipe());
      if (isTrue(v)) {
        walk(b.kind() == BranchKind.WITH ? v : dot, b.list());
      } else if (b.elseList() != null) {
        walk(dot, b.elseList());
      }
    } finally {
      pop(mark);
    }
  }

  private void walkRange(@Nullable Object dot, BranchNode r) {
    at = r;
    int outerMark = vars.size();
    try {
      Object v = evalPipeline(dot, r.pipe());
      int mark = vars.size();
      boolean ran = false;
      switch (v) {
        case null -> {
          // An invalid value (nil map, missing key) ranges zero times, as in Go.
        }
        case List<?> list -> ran = rangeList(dot, r, mark, list);
        case QueryResult q -> ran = rangeList(dot, r, mark, q.samples());
        case GoMap m -> {
          for (Map.Entry<String, @Nullable Object> e : m.entries().entrySet()) {
            ran = true;
            if (!oneIteration(r, mark, e.getKey(), e.getValue())) {
              break;
            }
          }
        }
        case Long n -> {
          if (r.pipe().decl().size() > 1) {
            throw error("can't use " + n + " to iterate over more than one variable");
          }
          for (long i = 0; i < n; i++) {
            ran = true;
            if (!oneIteration(r, mark, i, i)) {
              break;
            }
          }
        }
        default -> throw error("range can't iterate over " + GoFormat.printValue(v));
      }
      if (!ran && r.elseList() != null) {
        walk(dot, r.elseList());
      }
    } finally {
      pop(outerMark);
    }
  }

  private boolean rangeList(@Nullable Object dot, BranchNode r, int mark, List<?> list) {
    boolean ran = false;
    for (int i = 0; i < list.size(); i++) {
      ran = true;
      if (!oneIteration(r, mark, (long) i, list.get(i))) {
        break;
      }
    }
    return ran;
  }

  /** One range iteration; false when {@code {{break}}} ended the loop. */
  private boolean oneIteration(BranchNode r, int mark, @Nullable Object index, @Nullable Object elem) {
    List<VariableNode> decl = r.pipe().decl();
    if (!decl.isEmpty()) {
      if (r.pipe().isAssign()) {
        setVar(decl.get(0).name(), decl.size() > 1 ? index : elem);
      } else {
        vars.get(vars.size() - 1).value = elem;
      }
    }
    if (decl.size() > 1) {
      if (r.pipe().isAssign()) {
        setVar(decl.get(1).name(), elem);
      } else {
        vars.get(vars.size() - 2).value = index;
      }
    }
    try {
      walk(elem, r.list());
      return true;
    } catch (LoopControl c) {
      return !c.isBreak;
    } finally {
      pop(mark);
    }
  }

  private void walkTemplate(@Nullable Object dot, TemplateNode.TemplateCallNode t) {
    at = t;
    ListNode body = definitions.get(t.name());
    if (body == null) {
      throw error("template: no template \"" + t.name() + "\" associated with template \"" + name + "\"");
    }
    if (depth >= MAX_DEPTH) {
      throw error("exceeded maximum template depth (" + MAX_DEPTH + ")");
    }
    Object newDot = t.pipe() == null ? null : evalPipeline(dot, t.pipe());
    List<Variable> saved = new ArrayList<>(vars);
    String savedName = name;
    vars.clear();
    vars.add(new Variable("$", newDot));
    name = t.name();
    depth++;
    try {
      walk(newDot, body);
    } finally {
      depth--;
      name = savedName;
      vars.clear();
      vars.addAll(saved);
    }
  }

  // --- variables ---------------------------------------------------------------------------

  private void pop(int mark) {
    vars.subList(mark, vars.size()).clear();
  }

  private void setVar(String varName, @Nullable Object value) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).name.equals(varName)) {
        vars.get(i).value = value;
        return;
      }
    }
    throw error("undefined variable: " + varName);
  }

  private @Nullable Object varValue(String varName) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).name.equals(varName)) {
        return vars.get(i).value;
      }
    }
    throw error("undefined variable: " + varName);
  }

  // --- pipelines and commands --------------------------------------------------------------

  private @Nullable Object evalPipeline(@Nullable Object dot, PipeNode pipe) {
    at = pipe;
    Object value = MISSING;
    for (CommandNode cmd : pipe.commands()) {
      value = evalCommand(dot, cmd, value);
    }
    for (VariableNode v : pipe.decl()) {
      if (pipe.isAssign()) {
        setVar(v.name(), value);
      } else {
        vars.add(new Variable(v.name(), value));
      }
    }
    return value;
  }

  private @Nullable Object evalCommand(@Nullable Object dot, CommandNode cmd, @Nullable Object fin) {
    ArgNode first = cmd.args().get(0);
    switch (first) {
      case FieldNode f -> {
        return evalFieldChain(dot, dot, f, f.idents(), cmd.args(), fin);
      }
      case ChainNode c -> {
        return evalChain(dot, c, cmd.args(), fin);
      }
      case IdentifierNode id -> {
        return evalFunction(dot, id, cmd, cmd.args(), fin);
      }
      case PipeNode p -> {
        notAFunction(cmd.args(), fin);
        return evalPipeline(dot, p);
      }
      case VariableNode v -> {
        return evalVariable(dot, v, cmd.args(), fin);
      }
      default -> {
        // literals below
      }
    }
    at = first;
    notAFunction(cmd.args(), fin);
    return switch (first) {
      case BoolNode b -> b.value();
      case DotNode d -> dot;
      case NilNode n -> throw error("nil is not a command");
      case NumberNode n -> idealConstant(n);
      case StringNode s -> s.text();
      default -> throw error("can't evaluate command \"" + first + "\"");
    };
  }

  private void notAFunction(List<ArgNode> args, @Nullable Object fin) {
    if (args.size() > 1 || fin != MISSING) {
      throw error("can't give argument to non-function " + args.get(0));
    }
  }

  private Object idealConstant(NumberNode n) {
    at = n;
    String t = n.text();
    boolean hexInt = t.matches("[+-]?0[xX][0-9a-fA-F_]*") ;
    if (n.isFloat() && n.isFloatLiteral() && !hexInt && !t.startsWith("'")) {
      return n.floatValue();
    }
    if (n.isInt()) {
      return n.intValue();
    }
    throw error(t + " overflows int");
  }

  private @Nullable Object evalVariable(@Nullable Object dot, VariableNode v, List<ArgNode> args,
      @Nullable Object fin) {
    at = v;
    Object value = varValue(v.name());
    if (v.idents().size() == 1) {
      notAFunction(args, fin);
      return value;
    }
    return evalFieldChain(dot, value, v, v.idents().subList(1, v.idents().size()), args, fin);
  }

  private @Nullable Object evalChain(@Nullable Object dot, ChainNode c, List<ArgNode> args, @Nullable Object fin) {
    at = c;
    if (c.node() instanceof NilNode) {
      throw error("indirection through explicit nil in " + c);
    }
    Object receiver = evalArg(dot, ParamType.ANY, c.node());
    return evalFieldChain(dot, receiver, c, c.fields(), args, fin);
  }

  private @Nullable Object evalFieldChain(@Nullable Object dot, @Nullable Object receiver, TemplateNode node,
      List<String> idents, List<ArgNode> args, @Nullable Object fin) {
    Object r = receiver;
    for (int i = 0; i < idents.size() - 1; i++) {
      r = evalField(idents.get(i), node, List.of(), MISSING, r);
    }
    return evalField(idents.get(idents.size() - 1), node, args, fin, r);
  }

  private @Nullable Object evalField(String field, TemplateNode node, List<ArgNode> args, @Nullable Object fin,
      @Nullable Object receiver) {
    at = node;
    if (receiver == null) {
      return null;
    }
    boolean hasArgs = args.size() > 1 || fin != MISSING;
    if (receiver instanceof GoStruct s) {
      Optional<@Nullable Object> v = s.field(field);
      if (v.isPresent()) {
        if (hasArgs) {
          throw error(field + " has arguments but cannot be invoked as function");
        }
        return v.get();
      }
    } else if (receiver instanceof GoMap m) {
      if (hasArgs) {
        throw error(field + " is not a method but has arguments");
      }
      return m.get(field);
    }
    String type = GoFormat.typeName(receiver);
    throw error("can't evaluate field " + field + " in type " + type);
  }

  // --- functions ---------------------------------------------------------------------------

  private @Nullable Object evalFunction(@Nullable Object dot, IdentifierNode id, TemplateNode node,
      List<ArgNode> cmdArgs, @Nullable Object fin) {
    at = id;
    TemplateFunction fn = functions.get(id.name());
    if (fn == null) {
      throw error("\"" + id.name() + "\" is not a defined function");
    }
    List<ArgNode> args = cmdArgs.isEmpty() ? List.of() : cmdArgs.subList(1, cmdArgs.size());
    int numIn = args.size() + (fin != MISSING ? 1 : 0);
    List<ParamType> params = fn.params();
    int numFixed = args.size();
    if (fn.variadic()) {
      numFixed = params.size() - 1;
      if (numIn < numFixed) {
        throw error("wrong number of args for " + id.name() + ": want at least " + numFixed + " got " + args.size());
      }
    } else if (numIn != params.size()) {
      throw error("wrong number of args for " + id.name() + ": want " + params.size() + " got " + numIn);
    }
    if (id.name().equals("and") || id.name().equals("or")) {
      return andOr(dot, id.name().equals("or"), args, fin);
    }
    List<@Nullable Object> argv = new ArrayList<>(numIn);
    int i = 0;
    for (; i < numFixed && i < args.size(); i++) {
      argv.add(evalArg(dot, params.get(i), args.get(i)));
    }
    if (fn.variadic()) {
      ParamType elem = params.get(params.size() - 1);
      for (; i < args.size(); i++) {
        argv.add(evalArg(dot, elem, args.get(i)));
      }
    }
    if (fin != MISSING) {
      ParamType t = params.get(params.size() - 1);
      if (fn.variadic() && numIn - 1 < numFixed) {
        t = params.get(numIn - 1);
      }
      argv.add(validateType(fin, t));
    }
    at = node;
    try {
      return fn.body().call(argv);
    } catch (FunctionException e) {
      throw new Failure("error calling " + id.name() + ": " + e.getMessage(), name, node, e);
    } catch (RuntimeException e) {
      if (e instanceof Failure || e instanceof LoopControl) {
        throw e;
      }
      throw new Failure("error calling " + id.name() + ": " + e, name, node, e);
    }
  }

  /** Go's short-circuit {@code and}/{@code or}: the first deciding argument, else the last. */
  private @Nullable Object andOr(@Nullable Object dot, boolean or, List<ArgNode> args, @Nullable Object fin) {
    Object v = null;
    for (ArgNode a : args) {
      v = evalArg(dot, ParamType.ANY, a);
      if (isTrue(v) == or) {
        return v;
      }
    }
    if (fin != MISSING) {
      v = fin;
    }
    return v;
  }

  private @Nullable Object evalArg(@Nullable Object dot, ParamType type, ArgNode n) {
    at = n;
    switch (n) {
      case DotNode d -> {
        return validateType(dot, type);
      }
      case NilNode nil -> {
        if (type.acceptsNil()) {
          return null;
        }
        throw error("cannot assign nil to " + type.goName());
      }
      case FieldNode f -> {
        return validateType(evalFieldChain(dot, dot, f, f.idents(), List.of(n), MISSING), type);
      }
      case VariableNode v -> {
        return validateType(evalVariable(dot, v, List.of(), MISSING), type);
      }
      case PipeNode p -> {
        return validateType(evalPipeline(dot, p), type);
      }
      case IdentifierNode id -> {
        return validateType(evalFunction(dot, id, id, List.of(id), MISSING), type);
      }
      case ChainNode c -> {
        return validateType(evalChain(dot, c, List.of(), MISSING), type);
      }
      default -> {
        // a literal: converted to the parameter type below
      }
    }
    at = n;
    return switch (type) {
      case BOOL -> {
        if (n instanceof BoolNode b) {
          yield b.value();
        }
        throw error("expected bool; found " + n);
      }
      case FLOAT -> {
        if (n instanceof NumberNode num && num.isFloat()) {
          yield num.floatValue();
        }
        throw error("expected float; found " + n);
      }
      case INT -> {
        if (n instanceof NumberNode num && num.isInt()) {
          yield num.intValue();
        }
        throw error("expected integer; found " + n);
      }
      case STRING -> {
        if (n instanceof StringNode s) {
          yield s.text();
        }
        throw error("expected string; found " + n);
      }
      case ANY -> switch (n) {
        case BoolNode b -> b.value();
        case NumberNode num -> idealConstant(num);
        case StringNode s -> s.text();
        default -> throw error("can't handle " + n + " for arg of type interface {}");
      };
      default -> throw error("can't handle " + n + " for arg of type " + type.goName());
    };
  }

  private @Nullable Object validateType(@Nullable Object value, ParamType type) {
    if (value == null) {
      if (type.acceptsNil()) {
        return null;
      }
      throw error("invalid value; expected " + type.goName());
    }
    if (!type.accepts(value)) {
      throw error("wrong type for value; expected " + type.goName() + "; got " + GoFormat.typeName(value));
    }
    return value;
  }

  // --- truth -------------------------------------------------------------------------------

  /** Go's truth: false, 0, nil and empty strings, slices and maps are false. */
  static boolean isTrue(@Nullable Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case Long l -> l != 0;
      case Double d -> d != 0;
      case String s -> !s.isEmpty();
      case GoValue.SafeHtml h -> !h.text().isEmpty();
      case List<?> l -> !l.isEmpty();
      case QueryResult q -> !q.samples().isEmpty();
      case GoMap m -> !m.entries().isEmpty();
      default -> true;
    };
  }

  /** Arguments as a list that allows nulls (for function bodies). */
  static List<@Nullable Object> listOf(@Nullable Object... values) {
    return Arrays.asList(values);
  }
}
