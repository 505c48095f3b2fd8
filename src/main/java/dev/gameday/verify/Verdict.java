package dev.gameday.verify;

import java.util.List;

/** The end of a run: PASS, FAIL or ABORTED, and every reason, each with its measured value. */
public record Verdict(Status status, List<String> reasons) {

    public enum Status { PASS, FAIL, ABORTED }

    public static Verdict aborted(String reason) {
        return new Verdict(Status.ABORTED, List.of(reason));
    }

    public boolean passed() {
        return status == Status.PASS;
    }
}
