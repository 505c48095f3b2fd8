package dev.gameday.probe;

/** A member of the group probe that was crashed: the slot it had, and its id in the history. */
public record CrashedMember(int slot, int member) {

    /** As a step's report names what it acted on. */
    public String describe() {
        return "group member " + member + " (slot " + slot + ")";
    }
}
