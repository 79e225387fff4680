/** Real PostgreSQL and Redis servers for tests, started from the Debian packages. */
@NullMarked
package io.watchkeeper.probe.testserver;

import org.jspecify.annotations.NullMarked;
