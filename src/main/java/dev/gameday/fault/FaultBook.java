package dev.gameday.fault;

import dev.gameday.GamedayException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one owner of fault state. Every path that changes a fault (the run thread, an abort over HTTP, the
 * revert timer, the watchdog, the engine's return, start-up recovery) moves it from one state to the next
 * here, under one lock; the Docker calls in between happen outside it. A fault stays in the book, and
 * holds its containers against conflicting faults, until it is reverted: while it is injected, while it is
 * reverted, and while its revert has failed and waits for the watchdog's next try.
 */
final class FaultBook {

    /** Where a fault is in its life; a REVERTED fault is out of the book. */
    enum State { INJECTING, ACTIVE, REVERTING, REVERT_FAILED, REVERTED }

    /** A fault due for the watchdog: past its deadline ({@code retry} null), or its failed revert due again. */
    record Due(ActiveFault fault, NextTry retry) {}

    /** When a fault whose revert failed is tried again: after 1 s, then twice as long each time, up to 30 s. */
    record NextTry(int attempts, Instant at) {
        static final Duration LONGEST = Duration.ofSeconds(30);

        static NextTry first(Instant now) {
            return new NextTry(1, now.plusSeconds(1));
        }

        NextTry next(Instant now) {
            Duration wait = Duration.ofSeconds(1L << Math.min(attempts, 5));
            return new NextTry(attempts + 1, now.plus(wait.compareTo(LONGEST) < 0 ? wait : LONGEST));
        }
    }

    /** {@code revertAsked}: why a revert was asked while the fault was still being injected, or null. */
    private record Entry(ActiveFault fault, State state, NextTry retry, String revertAsked) {
        Entry with(State next) {
            return new Entry(fault, next, retry, revertAsked);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Takes a planned fault in as INJECTING; refused (CONFLICT) when one of its effects would hold a
     * container in a way a fault in the book already holds it, whatever that fault's state.
     */
    synchronized void reserve(ActiveFault planned) {
        for (Effect effect : planned.effects()) {
            Hold.Claim claim = new Hold.Claim(effect.containerId(), effect.hold());
            for (Entry other : entries.values()) {
                for (Effect held : other.fault().effects()) {
                    if (claim.conflictsWith(new Hold.Claim(held.containerId(), held.hold()))) {
                        throw new GamedayException(GamedayException.Kind.CONFLICT, "fault " + planned.fault() + " on "
                                + effect.containerName() + " conflicts with " + other.fault().fault() + " already "
                                + describe(other.state()) + " on it (" + other.fault().label() + "): both hold its "
                                + effect.hold().label());
                    }
                }
            }
        }
        entries.put(planned.id(), new Entry(planned, State.INJECTING, null, null));
    }

    private static String describe(State state) {
        return switch (state) {
            case INJECTING -> "being injected";
            case REVERTING -> "being reverted";
            case REVERT_FAILED -> "active, its revert failed,";
            default -> "active";
        };
    }

    /** Start-up recovery: a fault the journal still shows open, taken in as ACTIVE to be reverted. */
    synchronized void adopt(ActiveFault fault) {
        entries.put(fault.id(), new Entry(fault, State.ACTIVE, null, null));
    }

    /**
     * INJECTING to ACTIVE. Returns why a revert was asked while it was injected, if one was: the
     * injecting thread then reverts it at once, since the path that asked could not.
     */
    synchronized Optional<String> injected(String id) {
        Entry entry = entries.get(id);
        if (entry == null || entry.state() != State.INJECTING) {
            throw new IllegalStateException("fault " + id + " injected while " + (entry == null ? "not in the book"
                    : entry.state()));
        }
        entries.put(id, entry.with(State.ACTIVE));
        return Optional.ofNullable(entry.revertAsked());
    }

    /** An injection that failed, everything it touched undone: out of the book. */
    synchronized void injectionUndone(String id) {
        entries.remove(id);
    }

    /** An injection that failed and could not undo all it touched: REVERT_FAILED, tried again at {@code retry}. */
    synchronized void injectionLeftBehind(String id, NextTry retry) {
        Entry entry = entries.get(id);
        entries.put(id, new Entry(entry.fault(), State.REVERT_FAILED, retry, null));
    }

    /**
     * Claims a fault for its revert: ACTIVE or REVERT_FAILED to REVERTING, and the fault to revert.
     * Empty when this caller has nothing to do: the fault is not in the book (reverted already, or
     * never), another path is reverting it, or it is being injected (noted: it is reverted as soon as
     * its injection ends).
     */
    synchronized Optional<ActiveFault> beginRevert(String id, String why) {
        Entry entry = entries.get(id);
        if (entry == null || entry.state() == State.REVERTING) {
            return Optional.empty();
        }
        if (entry.state() == State.INJECTING) {
            if (entry.revertAsked() == null) {
                entries.put(id, new Entry(entry.fault(), State.INJECTING, null, why));
            }
            return Optional.empty();
        }
        entries.put(id, entry.with(State.REVERTING));
        return Optional.of(entry.fault());
    }

    /** REVERTING to REVERT_FAILED: returns when the watchdog tries again (sooner the first time, later each time after). */
    synchronized NextTry revertFailed(String id, Instant now) {
        Entry entry = entries.get(id);
        NextTry retry = entry.retry() == null ? NextTry.first(now) : entry.retry().next(now);
        entries.put(id, new Entry(entry.fault(), State.REVERT_FAILED, retry, null));
        return retry;
    }

    /** REVERTING to REVERTED: out of the book, its containers free for other faults. */
    synchronized void reverted(String id) {
        entries.remove(id);
    }

    /** Every fault in the book, in the order they came in. */
    synchronized List<ActiveFault> faults() {
        return entries.values().stream().map(Entry::fault).toList();
    }

    /** A fault's state; REVERTED for one not in the book. */
    synchronized State state(String id) {
        Entry entry = entries.get(id);
        return entry == null ? State.REVERTED : entry.state();
    }

    /**
     * What the watchdog reverts now: ACTIVE faults past their deadline, and REVERT_FAILED ones whose next
     * try is due. A fault being injected or reverted belongs to the thread doing it.
     */
    synchronized List<Due> due(Instant now) {
        List<Due> due = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.state() == State.ACTIVE && now.isAfter(entry.fault().deadline())
                    || entry.state() == State.REVERT_FAILED && !now.isBefore(entry.retry().at())) {
                due.add(new Due(entry.fault(), entry.retry()));
            }
        }
        return due;
    }

    /** The engine is back: every failed revert is due now. */
    synchronized void retryAllAt(Instant now) {
        entries.replaceAll((id, entry) -> entry.retry() == null ? entry
                : new Entry(entry.fault(), entry.state(), new NextTry(entry.retry().attempts(), now), entry.revertAsked()));
    }

    /** Faults past their deadline: none unless reverting them keeps failing. */
    synchronized long overdue(Instant now) {
        return entries.values().stream().filter(e -> now.isAfter(e.fault().deadline())).count();
    }
}
