package dev.gameday.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the pages write times and durations ({fmt:utc(run.endedAt)} in a template): in UTC, to the
 * second; milliseconds as seconds past 10 s; a dash for what is not known.
 */
@TemplateExtension(namespace = "fmt")
public final class Format {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Format() {}

    /** "2026-11-27 03:00:01Z", or a dash for none. */
    static String utc(Instant instant) {
        return instant == null ? "-" : UTC.format(instant);
    }

    /** "850 ms", "12.3 s", or a dash for none. */
    static String ms(Long millis) {
        if (millis == null) {
            return "-";
        }
        return millis < 10_000 ? String.format("%,d ms", millis) : String.format("%.1f s", millis / 1000.0);
    }

    /** Microseconds as milliseconds: "4.21 ms". */
    static String micros(Long micros) {
        return micros == null ? "-" : String.format("%.2f ms", micros / 1000.0);
    }

    /** Whole numbers with thousands separators: "12,345". */
    static String count(Long value) {
        return value == null ? "-" : String.format("%,d", value);
    }
}
