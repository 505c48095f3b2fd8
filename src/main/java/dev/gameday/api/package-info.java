/**
 * The HTTP API under /api: experiments, runs, suites, schedules and faults, with its errors (ApiError)
 * and formats (JUnit XML).
 */
package dev.gameday.api;
