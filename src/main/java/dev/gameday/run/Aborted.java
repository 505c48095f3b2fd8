package dev.gameday.run;

/** Thrown inside a run to end it as ABORTED; the message is the reason the run reports. */
final class Aborted extends RuntimeException {

    Aborted(String reason) {
        super(reason, null, false, false);
    }
}
