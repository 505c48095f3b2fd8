package dev.gameday.fault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.json.GamedayJackson;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durable record of every fault, one JSON line per state change (see {@link JournalEntry} for
 * the format and its versions), forced to disk before the call it announces is made. After a crash,
 * {@link #open()} tells what is still applied.
 *
 * <p>A damaged journal is read as far as it can be: a line cut off by a crash in the middle of its
 * write is removed by {@link #repair()}, a line that cannot be read elsewhere is skipped, and each is
 * reported once, saying what was found and what was done.
 */
public class FaultJournal {

    private static final Pattern FAULT_ID = Pattern.compile("\"faultId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FAULT = Pattern.compile("\"fault\"\\s*:\\s*\"([a-z-]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final int EXCERPT = 120;
    /** Damage already reported by this process: the start-up rollback and the service read the same file. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Consumer<String> report;
    private final ObjectMapper json = GamedayJackson.json();

    public FaultJournal(Path file) {
        this(file, message -> Log.warn(message));
    }

    /** @param report where the journal says what damage it found and what it did about it */
    public FaultJournal(Path file, Consumer<String> report) {
        this.file = file.toAbsolutePath();
        this.report = report;
        try {
            Files.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the fault journal " + this.file, e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Appends the entry. An INJECTING entry is forced to disk before this returns, so it survives a
     * crash, and one that cannot be written refuses the injection: no fault without its line. Later
     * states are not forced, and one that cannot be written is only reported: losing it makes
     * recovery revert the fault again, which is idempotent.
     */
    public synchronized void append(JournalEntry entry) {
        boolean injecting = entry.state() == JournalEntry.State.INJECTING;
        try {
            write(entry, injecting);
        } catch (IOException e) {
            if (injecting) {
                throw new JournalUnwritableException(file, e);
            }
            report.accept("the fault journal " + file + " could not take the " + entry.state() + " line of fault "
                    + entry.faultId() + " (" + e.getMessage() + "); after a restart the fault is reverted again, "
                    + "which changes nothing");
        }
    }

    private void write(JournalEntry entry, boolean force) throws IOException {
        byte[] line;
        try {
            line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write journal entry for fault " + entry.faultId(), e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            long end = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(line.length + 1);
            if (end > 0 && !endsWithNewline(channel, end)) {
                buffer.put((byte) '\n'); // a torn line stays a line of its own: ours must not be glued to it
            }
            buffer.put(line).flip();
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
            if (force) {
                channel.force(true);
            }
        }
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    /**
     * Removes a last line cut off in the middle of its write (the file does not end with a newline):
     * what a crash during an append leaves. Such a line was never followed by the Docker call it
     * announced, since an INJECTING line is forced to disk before the call. Reports what it removed.
     */
    public synchronized void repair() {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
            byte[] text = Files.readAllBytes(file);
            if (text[text.length - 1] == '\n') {
                return;
            }
            int keep = text.length;
            while (keep > 0 && text[keep - 1] != '\n') {
                keep--;
            }
            String torn = new String(text, keep, text.length - keep, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(keep);
                channel.force(true);
            }
            report.accept("the fault journal " + file + " ended in a line cut off mid-write (" + torn.length()
                    + " characters: " + excerpt(torn) + "): removed it; the call that line announced was never made");
        } catch (IOException e) {
            report.accept("the fault journal " + file + " could not be checked for a line cut off mid-write ("
                    + e.getMessage() + "); it is read as it is");
        }
    }

    /** Faults whose last state is INJECTING or ACTIVE, each with the effects of its first entry that has them. */
    public synchronized List<JournalEntry> open() {
        Map<String, JournalEntry> origin = new LinkedHashMap<>();
        Map<String, JournalEntry> last = new LinkedHashMap<>();
        for (JournalEntry entry : read()) {
            JournalEntry known = origin.get(entry.faultId());
            if (known == null || (!known.effectsKnown() && entry.effectsKnown())) {
                origin.put(entry.faultId(), entry);
            }
            last.put(entry.faultId(), entry);
        }
        List<JournalEntry> open = new ArrayList<>();
        last.forEach((id, latest) -> {
            if (latest.state().open()) {
                JournalEntry first = origin.get(id);
                open.add(new JournalEntry(first.v(), id, first.runId(), first.experiment(), first.step(),
                        first.fault() != null ? first.fault() : latest.fault(), latest.state(), latest.at(),
                        first.deadline(), first.effects(), latest.note(),
                        first.engine() != null ? first.engine() : latest.engine(), first.engines()));
            }
        });
        return open;
    }

    /**
     * Every entry, oldest first. A line that cannot be read is skipped and reported; if it still names
     * a fault, that fault is kept with its effects unknown, so that recovery looks for them.
     */
    public synchronized List<JournalEntry> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JournalEntry> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fault journal " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(json.readValue(line, JournalEntry.class));
            } catch (JsonProcessingException e) {
                JournalEntry salvaged = salvage(line);
                if (salvaged != null) {
                    entries.add(salvaged);
                }
                reportOnce(i + 1, line, "the fault journal " + file + ":" + (i + 1) + " cannot be read ("
                        + e.getOriginalMessage() + ": " + excerpt(line) + "): skipped it; " + (salvaged == null
                        ? "it names no fault"
                        : "it names fault " + salvaged.faultId() + " (" + salvaged.fault() + "), whose effects, if it "
                                + "is still open, recovery looks for on every allow-listed container"));
            }
        }
        return entries;
    }

    /** What an unreadable line still tells: its fault's id, kind and state, its effects unknown. */
    private static JournalEntry salvage(String line) {
        Matcher id = FAULT_ID.matcher(line);
        if (!id.find()) {
            return null;
        }
        Matcher fault = FAULT.matcher(line);
        Matcher state = STATE.matcher(line);
        JournalEntry.State parsed = JournalEntry.State.INJECTING;
        if (state.find()) {
            try {
                parsed = JournalEntry.State.valueOf(state.group(1));
            } catch (IllegalArgumentException unknown) {
                // an unknown state could be anything: treat it as open, which is the safe side
            }
        }
        return new JournalEntry(null, id.group(1), null, null, 0, fault.find() ? fault.group(1) : null, parsed, null, null,
                null, "salvaged from an unreadable journal line", null, null);
    }

    private void reportOnce(int lineNumber, String line, String message) {
        if (REPORTED.add(file + ":" + lineNumber + ":" + line.hashCode())) {
            report.accept(message);
        }
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
    }

    /**
     * Once the journal is larger than {@code maxBytes}, starts a fresh one holding only the open
     * faults, the old one kept as {@code .1}, so that it does not grow without bound. The fresh one is
     * written and forced beside the old before it takes its place: a full disk leaves the old one as it
     * was. The run history lives in the results database; the journal is only for rollback.
     */
    public synchronized void compactIfLargerThan(long maxBytes) {
        try {
            if (!Files.exists(file) || Files.size(file) <= maxBytes) {
                return;
            }
            List<JournalEntry> open = open();
            Path fresh = file.resolveSibling(file.getFileName() + ".new");
            Path old = file.resolveSibling(file.getFileName() + ".1");
            Files.deleteIfExists(fresh);
            try {
                Files.createFile(fresh);
                FaultJournal next = new FaultJournal(fresh, report);
                for (JournalEntry entry : open) {
                    next.write(entry, true);
                }
            } catch (IOException e) {
                Files.deleteIfExists(fresh);
                throw e;
            }
            Files.deleteIfExists(old);
            try {
                Files.createLink(old, file); // no second copy: a crash from here on still finds a journal
            } catch (IOException | UnsupportedOperationException noLinks) {
                Files.copy(file, old);
            }
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            report.accept("the fault journal " + file + " could not be compacted (" + e.getMessage()
                    + "); it is kept as it is and grows on");
        }
    }
}
