package io.watchkeeper.rules.template;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The parsed form of a template (Go {@code text/template/parse}): an immutable tree. {@link
 * #toString()} prints a node as Go does in error messages ({@code at <.Labels.x>}).
 */
sealed interface TemplateNode {
  /** Where a node starts in the template text: 0-based offset, 1-based line and column. */
  record Position(int offset, int line, int column) {
    static Position of(TemplateToken t) {
      return new Position(t.offset(), t.line(), t.column());
    }
  }

  Position position();

  /** A sequence of nodes. */
  record ListNode(Position position, List<TemplateNode> nodes) implements TemplateNode {
    public ListNode {
      nodes = List.copyOf(nodes);
    }

    @Override
    public String toString() {
      return nodes.stream().map(Object::toString).collect(Collectors.joining());
    }
  }

  /** Plain text, copied to the output. */
  record TextNode(Position position, String text) implements TemplateNode {
    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code {{pipeline}}}: evaluated, and printed unless it declares variables. */
  record ActionNode(Position position, PipeNode pipe) implements TemplateNode {
    @Override
    public String toString() {
      return "{{" + pipe + "}}";
    }
  }

  /** Which control structure a {@link BranchNode} is. */
  enum BranchKind {
    IF,
    RANGE,
    WITH;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code {{if}}}, {@code {{range}}} or {@code {{with}}} with its body and optional else part. */
  record BranchNode(Position position, BranchKind kind, PipeNode pipe, ListNode list, @Nullable ListNode elseList)
      implements TemplateNode {
    @Override
    public String toString() {
      String s = "{{" + kind.word() + " " + pipe + "}}" + list;
      if (elseList != null) {
        s += "{{else}}" + elseList;
      }
      return s + "{{end}}";
    }
  }

  /** {@code {{template "name" pipeline}}}. */
  record TemplateCallNode(Position position, String name, @Nullable PipeNode pipe) implements TemplateNode {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{{template ");
      GoFormat.quote(sb, name, false);
      if (pipe != null) {
        sb.append(' ').append(pipe);
      }
      return sb.append("}}").toString();
    }
  }

  /** {@code {{break}}} inside a range. */
  record BreakNode(Position position) implements TemplateNode {
    @Override
    public String toString() {
      return "{{break}}";
    }
  }

  /** {@code {{continue}}} inside a range. */
  record ContinueNode(Position position) implements TemplateNode {
    @Override
    public String toString() {
      return "{{continue}}";
    }
  }

  /** A pipeline with optional variable declarations ({@code $x :=}) or assignments ({@code $x =}). */
  record PipeNode(Position position, boolean isAssign, List<VariableNode> decl, List<CommandNode> commands)
      implements ArgNode {
    public PipeNode {
      decl = List.copyOf(decl);
      commands = List.copyOf(commands);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!decl.isEmpty()) {
        sb.append(decl.stream().map(Object::toString).collect(Collectors.joining(", ")));
        sb.append(isAssign ? " = " : " := ");
      }
      sb.append(commands.stream().map(Object::toString).collect(Collectors.joining(" | ")));
      return sb.toString();
    }
  }

  /** One command of a pipeline: a function or operand with its arguments. */
  record CommandNode(Position position, List<ArgNode> args) implements TemplateNode {
    public CommandNode {
      args = List.copyOf(args);
    }

    @Override
    public String toString() {
      return args.stream().map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
          .collect(Collectors.joining(" "));
    }
  }

  /** Anything that can be an argument of a command. */
  sealed interface ArgNode extends TemplateNode
      permits PipeNode, FieldNode, VariableNode, DotNode, NilNode, BoolNode, NumberNode, StringNode,
          IdentifierNode, ChainNode {}

  /** {@code .A.B}: fields of dot. */
  record FieldNode(Position position, List<String> idents) implements ArgNode {
    public FieldNode {
      idents = List.copyOf(idents);
    }

    @Override
    public String toString() {
      return idents.stream().map(i -> "." + i).collect(Collectors.joining());
    }
  }

  /** {@code $x.A.B}: a variable, optionally followed by fields; {@code idents.get(0)} is the name. */
  record VariableNode(Position position, List<String> idents) implements ArgNode {
    public VariableNode {
      idents = List.copyOf(idents);
    }

    String name() {
      return idents.get(0);
    }

    @Override
    public String toString() {
      return String.join(".", idents);
    }
  }

  /** {@code .}: the cursor. */
  record DotNode(Position position) implements ArgNode {
    @Override
    public String toString() {
      return ".";
    }
  }

  /** {@code nil}. */
  record NilNode(Position position) implements ArgNode {
    @Override
    public String toString() {
      return "nil";
    }
  }

  /** {@code true} or {@code false}. */
  record BoolNode(Position position, boolean value) implements ArgNode {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /**
   * A number or character constant, with the interpretations Go allows.
   *
   * @param isFloatLiteral whether it is written as a float ({@code 1.5}, {@code 1e3}): an untyped
   *     use makes it a float64, otherwise an int
   */
  record NumberNode(Position position, String text, boolean isInt, boolean isFloat, long intValue, double floatValue,
      boolean isFloatLiteral) implements ArgNode {
    @Override
    public String toString() {
      return text;
    }
  }

  /** A string constant: {@code quoted} as written, {@code text} unquoted. */
  record StringNode(Position position, String quoted, String text) implements ArgNode {
    @Override
    public String toString() {
      return quoted;
    }
  }

  /** A function name. */
  record IdentifierNode(Position position, String name) implements ArgNode {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code (pipeline).A.B}: fields of a term that is not dot or a variable. */
  record ChainNode(Position position, ArgNode node, List<String> fields) implements ArgNode {
    public ChainNode {
      fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
      String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
      return base + fields.stream().map(f -> "." + f).collect(Collectors.joining());
    }
  }
}
