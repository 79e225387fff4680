/**
 * Prometheus-compatible HTTP endpoints ({@code /api/v1/*}, {@code /federate}, {@code /metrics},
 * {@code /-/*}) and the small interfaces through which they reach the rest of the server ({@link
 * io.watchkeeper.web.api.TargetRetriever}, {@link io.watchkeeper.web.api.MetadataRetriever}, {@link
 * io.watchkeeper.web.api.RuleRetriever}, {@link io.watchkeeper.web.api.SelectorParser}, ...). Requests become calls into those modules;
 * exceptions become answers in one place, {@link io.watchkeeper.web.api.ApiErrors}.
 */
@NullMarked
package io.watchkeeper.web.api;

import org.jspecify.annotations.NullMarked;
