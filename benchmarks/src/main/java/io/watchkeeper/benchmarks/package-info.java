/**
 * JMH micro-benchmarks of the hot paths. Each benchmark's Javadoc records its results and the
 * machine they were measured on. Build with {@code ./mvnw -pl benchmarks -am package -DskipTests},
 * run with {@code java -jar benchmarks/target/benchmarks.jar <regex>}.
 */
@NullMarked
package io.watchkeeper.benchmarks;

import org.jspecify.annotations.NullMarked;
