package dev.gameday.experiment;

/** One thing wrong with a definition, where it is: "experiments/leader-kill.yaml:14: ...". */
public record DefinitionError(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
