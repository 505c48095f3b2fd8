package dev.gameday.probe;

import dev.gameday.GamedayException;
import dev.gameday.verify.History;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The group probe: {@link GroupSettings#consumers()} members of one consumer group, each in its own
 * thread, that subscribe to the probe topic as applications do, record ("process") every record and
 * commit. A member can be crashed (no commit, no leave) and a new one started in its slot.
 */
final class GroupProbe implements AutoCloseable {

    private final Map<String, Object> client;
    private final ProbeSettings settings;
    private final History history;
    private final long[] startOffsets;
    /** The member in each slot; a crash empties its slot until a new member is started there. */
    private final GroupMemberProbe[] slots;
    private int nextMemberId;
    private boolean stopped;

    GroupProbe(Map<String, Object> client, ProbeSettings settings, History history, long[] startOffsets) {
        this.client = client;
        this.settings = settings;
        this.history = history;
        this.startOffsets = startOffsets.clone();
        this.slots = new GroupMemberProbe[settings.group().consumers()];
    }

    /** Starts a member in every slot. */
    synchronized void start() {
        for (int slot = 0; slot < slots.length; slot++) {
            startIn(slot);
        }
        Log.infof("group probe: %d members in group %s (%s protocol, commit %s, at most every %s)", slots.length,
                settings.group().id(), settings.group().protocol(), settings.group().commit(),
                settings.group().commitInterval());
    }

    private void startIn(int slot) {
        GroupMemberProbe member = new GroupMemberProbe(client, settings, history, history.groupMember(nextMemberId++),
                startOffsets);
        slots[slot] = member;
        member.start();
    }

    /**
     * Crashes the member in {@code slot} (one drawn from {@code random} among the slots with a member
     * when null) and waits until it has: it stops in the middle of a batch, and its client is closed
     * without a commit and without leaving the group. Returns which it was.
     */
    synchronized CrashedMember crash(Integer slot, Random random) {
        List<Integer> live = live();
        int chosen = slot != null ? slot : live.get(random.nextInt(live.size()));
        if (chosen < 0 || chosen >= slots.length) {
            throw new GamedayException(GamedayException.Kind.INVALID, "the group probe has slots 0 to "
                    + (slots.length - 1) + ", not " + chosen);
        }
        GroupMemberProbe member = slots[chosen];
        if (member == null) {
            throw new GamedayException(GamedayException.Kind.CONFLICT, "the member in slot " + chosen
                    + " has crashed already and no new one has started there yet");
        }
        member.crash();
        slots[chosen] = null;
        return new CrashedMember(chosen, member.id());
    }

    /** Starts a new member in the slot a crash emptied; a no-op when the slot has one. */
    synchronized void replace(int slot) {
        if (slots[slot] == null && !stopped) {
            startIn(slot);
        }
    }

    private List<Integer> live() {
        List<Integer> live = new ArrayList<>();
        for (int slot = 0; slot < slots.length; slot++) {
            if (slots[slot] != null) {
                live.add(slot);
            }
        }
        if (live.isEmpty()) {
            throw new GamedayException(GamedayException.Kind.CONFLICT, "every member of the group probe has crashed");
        }
        return live;
    }

    /**
     * Stops every member: each commits what it processed, if it commits after processing, and leaves
     * the group. Once only; what the members do from here on is no rebalance of a fault.
     */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        history.groupStopped(history.msSinceStart(System.nanoTime()));
        for (GroupMemberProbe member : slots) {
            if (member != null) {
                member.stop();
            }
        }
        for (int slot = 0; slot < slots.length; slot++) {
            if (slots[slot] != null) {
                slots[slot].awaitEnd(TimeUnit.SECONDS.toMillis(30));
                slots[slot] = null;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
