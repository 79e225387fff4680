/**
 * The seeds' alert API, {@code /api/alerts/...}: active alerts, history, statistics, acknowledge,
 * resolve and test notifications, answered in the seeds' envelope {@code {"success": true,
 * "data": ...}} (errors: {@code {"success": false, "error": "..."}}).
 */
@NullMarked
package io.watchkeeper.web.alerts;

import org.jspecify.annotations.NullMarked;
