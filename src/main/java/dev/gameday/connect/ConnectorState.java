package dev.gameday.connect;

import java.util.List;

/**
 * A connector and its tasks as the Connect cluster reports them ({@code GET /connectors/NAME/status}).
 * A task's worker is as the group last saw it: a dead worker's tasks stay RUNNING under its name until
 * the group moves them, so running means RUNNING on a worker that answers.
 *
 * @param state RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING
 */
public record ConnectorState(String name, String state, String worker, List<Task> tasks) {

    public record Task(int id, String state, String worker, String trace) {}

    /** Tasks RUNNING on a worker in {@code alive}. */
    public long running(List<String> alive) {
        return tasks.stream().filter(t -> t.state().equals("RUNNING") && alive.contains(t.worker())).count();
    }

    /** Whether the connector has tasks and every one runs on a live worker. */
    public boolean allRunning(List<String> alive) {
        return !tasks.isEmpty() && running(alive) == tasks.size();
    }
}
