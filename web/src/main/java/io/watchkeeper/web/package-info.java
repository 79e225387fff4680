/**
 * The HTTP server: {@link io.watchkeeper.web.WebServer} runs Jetty 12 core handlers on virtual
 * threads and serves the {@link io.watchkeeper.web.api.Route routes} of {@code web.api}, timing
 * each request and turning every failure into an answer.
 */
@NullMarked
package io.watchkeeper.web;

import org.jspecify.annotations.NullMarked;
