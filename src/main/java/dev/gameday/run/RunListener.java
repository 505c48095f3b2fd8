package dev.gameday.run;

/** Told of every run that ends (or is skipped), on the run's thread: the metrics, the notifications. */
public interface RunListener {

    void finished(RunReport run);
}
