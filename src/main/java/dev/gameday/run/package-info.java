/**
 * A run's lifecycle: plan, preflight, steady state, faults, drain, verdict, one run at a time
 * (ExperimentRunner, RunExecution).
 */
package dev.gameday.run;
