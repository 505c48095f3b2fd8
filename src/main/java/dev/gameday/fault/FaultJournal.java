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

/**
 * The durable record of every fault, one JSON line per state change, forced to disk before the
 * call it announces is made. After a crash, {@link #open()} tells what is still applied.
 */
public class FaultJournal {

    private final Path file;
    private final ObjectMapper json = GamedayJackson.json();

    public FaultJournal(Path file) {
        this.file = file.toAbsolutePath();
        try {
            Files.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the fault journal " + this.file, e);
        }
    }

    /**
     * Appends the entry. An INJECTING entry is forced to disk before this returns, so it survives a
     * crash; later states are not: losing one only makes recovery revert again, which is idempotent.
     */
    public synchronized void append(JournalEntry entry) {
        byte[] line;
        try {
            line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write journal entry for fault " + entry.faultId(), e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (entry.state() == JournalEntry.State.INJECTING) {
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault journal " + file
                    + "; refusing to inject a fault that could not be reverted after a crash", e);
        }
    }

    /** Faults whose last state is INJECTING or ACTIVE, each with the effects of its first entry. */
    public synchronized List<JournalEntry> open() {
        Map<String, JournalEntry> first = new LinkedHashMap<>();
        Map<String, JournalEntry> last = new LinkedHashMap<>();
        for (JournalEntry entry : read()) {
            first.putIfAbsent(entry.faultId(), entry);
            last.put(entry.faultId(), entry);
        }
        List<JournalEntry> open = new ArrayList<>();
        last.forEach((id, latest) -> {
            if (latest.state().open()) {
                JournalEntry origin = first.get(id);
                open.add(new JournalEntry(id, origin.runId(), origin.experiment(), origin.step(), origin.fault(),
                        latest.state(), latest.at(), origin.deadline(), origin.effects(), latest.note()));
            }
        });
        return open;
    }

    /** Every entry, oldest first. A torn last line (a crash mid-write) is skipped with a warning. */
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
                Log.warnf("%s:%d: skipping an unreadable journal line (%s)", file, i + 1, e.getOriginalMessage());
            }
        }
        return entries;
    }

    /**
     * Once the journal is larger than {@code maxBytes}, starts a fresh one holding only the open
     * faults, the old one kept as {@code .1}, so that it does not grow without bound. The run
     * history lives in the results database; the journal is only for rollback.
     */
    public synchronized void compactIfLargerThan(long maxBytes) {
        try {
            if (!Files.exists(file) || Files.size(file) <= maxBytes) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of the fault journal " + file, e);
        }
        List<JournalEntry> open = open();
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the fault journal " + file, e);
        }
        open.forEach(this::append);
    }
}
