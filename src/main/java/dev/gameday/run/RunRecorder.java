package dev.gameday.run;

/**
 * Where a run's report goes: when the run starts, so that it is listed while it runs; at each
 * checkpoint, so that a service that stops in the middle leaves the run's figures so far; when it ends.
 */
interface RunRecorder {

    void started(RunReport running);

    /** The run as it is now, saved in case the service stops before it ends; never throws. */
    void checkpoint(RunReport running);

    /** The run is over: store it, tell the listeners, free the service for the next one. */
    void ended(RunReport ended);
}
