/**
 * Alert history and statistics: every alert's timeline (pending, firing, notified, acknowledged,
 * resolved) kept in an {@link io.watchkeeper.alerting.history.AlertHistoryStore} (the {@code
 * postgres} module's embedded database in production), recorded by {@link
 * io.watchkeeper.alerting.history.AlertHistory}, with retention, paged queries and statistics
 * (counts by severity and rule, mean time to acknowledge and to resolve, the noisiest rules).
 */
@NullMarked
package io.watchkeeper.alerting.history;

import org.jspecify.annotations.NullMarked;
