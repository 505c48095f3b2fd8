package dev.gameday.fault;

import dev.gameday.GamedayException;
import java.io.IOException;
import java.nio.file.Path;

/** The fault journal cannot take a fault's first line (a full disk, say): the fault is not injected. */
public class JournalUnwritableException extends GamedayException {

    public JournalUnwritableException(Path journal, IOException cause) {
        super(Kind.UNAVAILABLE, "the fault journal " + journal + " cannot be written (" + cause.getMessage()
                + "): no fault is injected without the line that lets a restart revert it", cause);
    }
}
