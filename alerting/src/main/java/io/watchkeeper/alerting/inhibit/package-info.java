/**
 * Inhibition (Alertmanager {@code inhibit}): an alert matching an inhibit rule's target matchers is
 * muted while an alert matching its source matchers fires with the same values of the rule's
 * {@code equal} labels.
 */
@NullMarked
package io.watchkeeper.alerting.inhibit;

import org.jspecify.annotations.NullMarked;
