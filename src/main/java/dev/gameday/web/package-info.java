/**
 * The service's own pages (Qute): runs, experiments, schedules and faults, and the self-contained run
 * report.
 */
package dev.gameday.web;
