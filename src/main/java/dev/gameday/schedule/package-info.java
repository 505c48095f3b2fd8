/**
 * Cron schedules of experiments and suites, pausable as a whole.
 */
package dev.gameday.schedule;
