package io.watchkeeper.rules.template;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A template value that stands for a Go type other than the basic ones. Templates see Java values
 * as Go values: {@code null} is nil, {@link String} a string, {@link Long} an int, {@link Double} a
 * float64, {@link Boolean} a bool, {@link List} a slice; everything else implements this interface.
 */
public sealed interface GoValue permits GoValue.GoMap, GoValue.GoStruct, GoValue.SafeHtml, QueryResult {
  /** The Go type's name as {@code fmt} and template errors print it ({@code map[string]string}). */
  String goTypeName();

  /**
   * A Go map with string keys, iterated in key order as Go's templates and {@code fmt} do.
   *
   * @param zero what a missing key yields (templates run with {@code missingkey=zero}): {@code ""}
   *     for {@code map[string]string}, nil for {@code map[string]interface{}}
   */
  record GoMap(SortedMap<String, @Nullable Object> entries, String goTypeName, @Nullable Object zero)
      implements GoValue {
    public GoMap {
      entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** A {@code map[string]string}. */
    public static GoMap ofStrings(java.util.Map<String, String> map) {
      return new GoMap(new TreeMap<>(map), "map[string]string", "");
    }

    /** A {@code map[string]interface{}}. */
    public static GoMap ofAny(java.util.Map<String, @Nullable Object> map) {
      return new GoMap(new TreeMap<>(map), "map[string]interface {}", null);
    }

    /** The value for {@code key}, or the zero value. */
    public @Nullable Object get(String key) {
      return entries.containsKey(key) ? entries.get(key) : zero;
    }
  }

  /** A Go struct (or pointer to one): named fields in declaration order. */
  non-sealed interface GoStruct extends GoValue {
    /** The field named {@code name}, or empty when the struct has none. */
    Optional<@Nullable Object> field(String name);

    /** Field values in declaration order, for {@code fmt}'s {@code {a b}} form. */
    List<@Nullable Object> fieldValues();

    /** Whether the template holds a pointer to the struct ({@code &{...}} when printed). */
    boolean isPointer();
  }

  /** Text marked as safe HTML ({@code html/template.HTML}); prints as its text. */
  record SafeHtml(String text) implements GoValue {
    @Override
    public String goTypeName() {
      return "template.HTML";
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
