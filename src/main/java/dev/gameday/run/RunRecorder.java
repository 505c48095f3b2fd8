package dev.gameday.run;

/** Where a run's report goes: when the run starts, so that it is listed while it runs, and when it ends. */
interface RunRecorder {

    void started(RunReport running);

    /** The run is over: store it, tell the listeners, free the service for the next one. */
    void ended(RunReport ended);
}
