/**
 * The Prometheus metrics of runs, faults, probes and consumer lag (Micrometer).
 */
package dev.gameday.metrics;
