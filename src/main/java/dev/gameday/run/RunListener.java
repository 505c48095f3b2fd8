package dev.gameday.run;

/** Told of every run that ends (or is skipped); the metrics listen. */
public interface RunListener {

    void finished(RunReport run);
}
