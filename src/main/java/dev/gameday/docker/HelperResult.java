package dev.gameday.docker;

/** The outcome of a command run in a short-lived helper container. */
public record HelperResult(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
