package dev.gameday.probe;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The value of every probe record: magic, version, run id, partition, sequence number and send
 * time, padded to the configured size. Read without allocating, one field at a time.
 */
public final class ProbeMessage {

    static final int MAGIC = 0x47444159; // "GDAY"
    static final byte VERSION = 1;
    /** magic 4, version 1, run id 16, partition 4, sequence 8, send time 8 */
    public static final int HEADER_BYTES = 41;
    private static final int RUN_ID = 5;
    private static final int PARTITION = 21;
    private static final int SEQUENCE = 25;
    private static final int SENT_MICROS = 33;

    private ProbeMessage() {}

    public static byte[] encode(UUID runId, int partition, long sequence, long sentEpochMicros, int size) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(size, HEADER_BYTES));
        buffer.putInt(MAGIC).put(VERSION)
                .putLong(runId.getMostSignificantBits()).putLong(runId.getLeastSignificantBits())
                .putInt(partition).putLong(sequence).putLong(sentEpochMicros);
        return buffer.array();
    }

    /** Why a value is not one of this run's probe records, or null when it is. */
    public static String foreign(byte[] value, UUID runId) {
        if (value == null || value.length < HEADER_BYTES) {
            return "not a gameday probe record (" + (value == null ? "null" : value.length + " bytes") + ")";
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (buffer.getInt(0) != MAGIC || buffer.get(4) != VERSION) {
            return "not a gameday probe record";
        }
        if (buffer.getLong(RUN_ID) != runId.getMostSignificantBits()
                || buffer.getLong(RUN_ID + 8) != runId.getLeastSignificantBits()) {
            return "written by another run (" + new UUID(buffer.getLong(RUN_ID), buffer.getLong(RUN_ID + 8)) + ")";
        }
        return null;
    }

    public static int partition(byte[] value) {
        return ByteBuffer.wrap(value).getInt(PARTITION);
    }

    public static long sequence(byte[] value) {
        return ByteBuffer.wrap(value).getLong(SEQUENCE);
    }

    public static long sentEpochMicros(byte[] value) {
        return ByteBuffer.wrap(value).getLong(SENT_MICROS);
    }
}
