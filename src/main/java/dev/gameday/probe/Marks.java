package dev.gameday.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sequence numbers whose records the probe marks with the header {@value #HEADER} ({@code
 * probe.mark}: "100-149, 300"), in every partition: what a pipeline broken on purpose drops, so that a
 * test can say which ranges must come out lost downstream.
 */
public final class Marks {

    public static final String HEADER = "gameday-mark";
    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:\\s*-\\s*(\\d+))?");
    static final Marks NONE = new Marks(List.of());

    private final List<long[]> ranges;

    private Marks(List<long[]> ranges) {
        this.ranges = ranges;
    }

    /** The marks of a definition; null or blank marks nothing. Throws naming what is wrong. */
    public static Marks parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = RANGE.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("probe.mark: '" + part.strip() + "' is not a sequence number or a "
                        + "range FROM-TO (e.g. \"100-149, 300\")");
            }
            long from = Long.parseLong(m.group(1));
            long to = m.group(2) == null ? from : Long.parseLong(m.group(2));
            if (to < from) {
                throw new IllegalArgumentException("probe.mark: '" + part.strip() + "' ends before it starts");
            }
            ranges.add(new long[] {from, to});
        }
        return new Marks(List.copyOf(ranges));
    }

    public boolean marks(long seq) {
        for (long[] range : ranges) {
            if (seq >= range[0] && seq <= range[1]) {
                return true;
            }
        }
        return false;
    }

    public boolean any() {
        return !ranges.isEmpty();
    }
}
