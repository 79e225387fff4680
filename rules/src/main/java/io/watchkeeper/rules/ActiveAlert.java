package io.watchkeeper.rules;

import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one alert instance of an alerting rule, for {@code /api/v1/alerts} and {@code
 * /api/v1/rules}. Immutable.
 *
 * @param labels the alert's labels (the series' labels without the metric name, the rule's
 *     expanded labels, {@code alertname})
 * @param annotations the expanded annotations
 * @param state pending, firing, or inactive (resolved and kept for re-sending)
 * @param value the expression's value at the last evaluation
 * @param activeAt when the condition started to hold
 * @param firedAt when it started firing, if it did
 * @param resolvedAt when it was resolved, if it was
 * @param keepFiringSince since when it keeps firing although the condition is gone, if it does
 */
public record ActiveAlert(Labels labels, Labels annotations, AlertState state, double value, Instant activeAt,
    Optional<Instant> firedAt, Optional<Instant> resolvedAt, Optional<Instant> keepFiringSince) {}
