/**
 * The probes: producer (acks=all), consumers, consumer group, transactions, pipeline and registry;
 * each records into the run's History.
 */
package dev.gameday.probe;
