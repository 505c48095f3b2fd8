/**
 * Suites: experiments one after another, as one suite run with its own verdict.
 */
package dev.gameday.run.suite;
