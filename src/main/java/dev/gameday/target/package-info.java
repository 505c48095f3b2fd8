/**
 * Which containers a step targets: by name, label or Kafka role, always within the allow-list.
 */
package dev.gameday.target;
