/**
 * Kafka clients of the service (admin, security settings) and what they read of the cluster: health,
 * roles, snapshots.
 */
package dev.gameday.kafka;
