/**
 * Escalation and acknowledgement: {@link io.watchkeeper.alerting.escalation.EscalationPolicy
 * policies} of steps (receivers notified after a delay) attached to routes with {@code
 * escalation:}; {@link io.watchkeeper.alerting.escalation.EscalationManager} notifies each step's
 * receivers through the persisted outbox while an alert group stays firing and unacknowledged, and
 * keeps its state in an {@link io.watchkeeper.alerting.escalation.EscalationStore} so it survives
 * restarts.
 */
@NullMarked
package io.watchkeeper.alerting.escalation;

import org.jspecify.annotations.NullMarked;
