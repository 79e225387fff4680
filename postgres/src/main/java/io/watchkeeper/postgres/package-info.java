/**
 * SQL versions of the stores alerting and probe declare ({@link io.watchkeeper.postgres.JdbcSilenceStore},
 * {@link io.watchkeeper.postgres.JdbcNotificationLog}, {@link io.watchkeeper.postgres.JdbcOutbox}, {@link
 * io.watchkeeper.postgres.JdbcStatusHistory})
 * over a {@link io.watchkeeper.postgres.Database}: embedded H2 in PostgreSQL mode under the data
 * directory by default, PostgreSQL in production. One set of Flyway migrations ({@code
 * migration/V*.sql} next to these classes) runs unchanged on both. Only the server knows this
 * module.
 */
@NullMarked
package io.watchkeeper.postgres;

import org.jspecify.annotations.NullMarked;
