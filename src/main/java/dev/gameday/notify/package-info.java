/**
 * Webhooks told of each run's verdict, retried and bounded.
 */
package dev.gameday.notify;
