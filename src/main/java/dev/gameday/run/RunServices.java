package dev.gameday.run;

import dev.gameday.HaltPoints;
import dev.gameday.fault.FaultInjector;
import dev.gameday.lease.LabLease;
import dev.gameday.time.Sleeper;
import java.time.Clock;

/** What every run works with, the same for each: made once by the {@link ExperimentRunner}. */
record RunServices(FaultInjector injector, Planner planner, Preflight preflight, RunKafka kafka, RunsConfig runs,
                   Clock clock, Sleeper sleeper, HaltPoints halts, LabLease lease) {}
