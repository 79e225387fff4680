package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.Call;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * {@code minute}, {@code hour}, {@code day_of_week}, ...: calendar fields (UTC) of values read as
 * Unix seconds, or of the evaluation time when called without an argument.
 */
final class DateFunctions {
  private DateFunctions() {}

  static void register(Map<String, Functions.Handler> handlers) {
    date(handlers, "minute", LocalDateTime::getMinute);
    date(handlers, "hour", LocalDateTime::getHour);
    date(handlers, "day_of_week", t -> t.getDayOfWeek().getValue() % 7);
    date(handlers, "day_of_month", LocalDateTime::getDayOfMonth);
    date(handlers, "day_of_year", LocalDateTime::getDayOfYear);
    date(handlers, "days_in_month", t -> t.toLocalDate().lengthOfMonth());
    date(handlers, "month", LocalDateTime::getMonthValue);
    date(handlers, "year", LocalDateTime::getYear);
  }

  private static void date(Map<String, Functions.Handler> handlers, String name, ToIntFunction<LocalDateTime> field) {
    handlers.put(name, (ev, c) -> evaluate(ev, c, field));
  }

  private static VectorSteps evaluate(Evaluator ev, Call c, ToIntFunction<LocalDateTime> field) {
    if (c.args().isEmpty()) {
      double[] v = new double[ev.grid.steps()];
      for (int i = 0; i < v.length; i++) {
        v[i] = apply(Math.floorDiv(ev.grid.time(i), 1000L), field);
      }
      return new VectorSteps(new ArrayList<>(List.of(new StepSeries(Labels.EMPTY, v, false))));
    }
    return Functions.mapValues(ev.evalVector(c.args().get(0)), v -> apply((long) v, field));
  }

  private static double apply(long epochSeconds, ToIntFunction<LocalDateTime> field) {
    try {
      return field.applyAsInt(LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Double.NaN; // beyond the years java.time represents; Go wraps around instead
    }
  }
}
