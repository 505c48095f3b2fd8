package dev.gameday.cli;

/**
 * What a game day's exit status means, defined once for every client (the CLI, compose/lab.sh,
 * CI pipelines): 0 every promise held, 1 a promise was broken, 2 the game day could not judge
 * (aborted, error, skipped, interrupted, the service unreachable, bad usage).
 */
public enum ExitStatus {
    PASS(0), FAIL(1), NO_VERDICT(2);

    public final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The exit status of a run's or a suite run's status as the API reports it (PASS, FAIL, ABORTED...). */
    public static ExitStatus of(String status) {
        if ("PASS".equals(status)) {
            return PASS;
        }
        return "FAIL".equals(status) ? FAIL : NO_VERDICT;
    }
}
