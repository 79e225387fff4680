package io.watchkeeper.ingest.relabel;

import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * A compiled list of relabelling steps, applied in order as Prometheus' {@code relabel.Process}
 * does: each step sees the labels the previous one produced; {@code keep}, {@code drop}, {@code
 * keepequal} and {@code dropequal} can drop the whole label set.
 *
 * <p>Scrapes run it once per new target and once per new series (never per cached sample).
 * Immutable and thread-safe.
 */
public final class Relabeler {
  /** Relabels nothing. */
  public static final Relabeler NONE = new Relabeler(List.of());

  private final List<Step> steps;

  private record Step(RelabelConfig config, GoRegex regex) {}

  private Relabeler(List<Step> steps) {
    this.steps = steps;
  }

  /**
   * Validates and compiles the steps.
   *
   * @throws IllegalArgumentException naming the index of the first invalid step and the problem
   */
  public static Relabeler compile(List<RelabelConfig> configs) {
    if (configs.isEmpty()) {
      return NONE;
    }
    Step[] steps = new Step[configs.size()];
    for (int i = 0; i < steps.length; i++) {
      RelabelConfig c = configs.get(i);
      try {
        c.validate();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("relabel step " + i + ": " + e.getMessage(), e);
      }
      steps[i] = new Step(c, GoRegex.compile(c.regex()));
    }
    return new Relabeler(List.of(steps));
  }

  /** Whether there are no steps. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /**
   * Applies the steps.
   *
   * @return the new labels, or null if a step dropped them
   */
  public @Nullable Labels process(Labels labels) {
    if (steps.isEmpty()) {
      return labels;
    }
    Labels current = labels;
    Labels.Builder b = Labels.builder();
    for (Step s : steps) {
      b.reset(current);
      if (!apply(s, current, b)) {
        return null;
      }
      current = b.build();
    }
    return current;
  }

  /** One step; false if it drops the labels. Reads {@code lset}, writes {@code b}. */
  private static boolean apply(Step s, Labels lset, Labels.Builder b) {
    RelabelConfig c = s.config();
    String val = sourceValue(c, lset);
    switch (c.action()) {
      case DROP -> {
        return !s.regex().matches(val);
      }
      case KEEP -> {
        return s.regex().matches(val);
      }
      case DROPEQUAL -> {
        return !lset.get(c.targetLabel()).equals(val);
      }
      case KEEPEQUAL -> {
        return lset.get(c.targetLabel()).equals(val);
      }
      case REPLACE -> replace(s, val, b);
      case LOWERCASE -> b.set(c.targetLabel(), val.toLowerCase(Locale.ROOT));
      case UPPERCASE -> b.set(c.targetLabel(), val.toUpperCase(Locale.ROOT));
      case HASHMOD -> b.set(c.targetLabel(), Long.toUnsignedString(Long.remainderUnsigned(md5Sum64(val), c.modulus())));
      case LABELMAP -> {
        for (int i = 0; i < lset.size(); i++) {
          Matcher m = s.regex().matcher(lset.name(i));
          if (m.matches()) {
            b.set(s.regex().expand(c.replacement(), m), lset.value(i));
          }
        }
      }
      case LABELDROP -> {
        for (int i = 0; i < lset.size(); i++) {
          if (s.regex().matches(lset.name(i))) {
            b.delete(lset.name(i));
          }
        }
      }
      case LABELKEEP -> {
        for (int i = 0; i < lset.size(); i++) {
          if (!s.regex().matches(lset.name(i))) {
            b.delete(lset.name(i));
          }
        }
      }
    }
    return true;
  }

  private static void replace(Step s, String val, Labels.Builder b) {
    RelabelConfig c = s.config();
    Matcher m = s.regex().matcher(val);
    if (!m.matches()) {
      return; // no match, no replacement
    }
    String target = s.regex().expand(c.targetLabel(), m);
    if (!Labels.isValidLabelName(target)) {
      b.delete(c.targetLabel());
      return;
    }
    String res = s.regex().expand(c.replacement(), m);
    if (res.isEmpty()) {
      b.delete(c.targetLabel());
      return;
    }
    b.set(target, res);
  }

  private static String sourceValue(RelabelConfig c, Labels lset) {
    List<String> names = c.sourceLabels();
    if (names.size() == 1) {
      return lset.get(names.get(0));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(c.separator());
      }
      sb.append(lset.get(names.get(i)));
    }
    return sb.toString();
  }

  /** Prometheus' hashmod hash: the last 8 bytes of the MD5 digest, big-endian. */
  static long md5Sum64(String s) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("BUG: every JDK has MD5", e);
    }
    long v = 0;
    for (int i = 8; i < 16; i++) {
      v = (v << 8) | (d[i] & 0xFF);
    }
    return v;
  }
}
