package dev.gameday.kafka;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kafka's own rules for topic names, so that a definition is refused before Kafka would refuse it. */
public final class TopicNames {

    static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {}

    /** Empty when Kafka accepts the name for a topic; otherwise why it does not. */
    public static Optional<String> whyRefused(String name) {
        if (name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'" + name + "' is not a topic name Kafka accepts");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is " + name.length() + " characters long; Kafka accepts at most " + MAX_LENGTH);
        }
        if (!LEGAL.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a topic name Kafka accepts: use only letters, digits, '.', '_' and '-'");
        }
        return Optional.empty();
    }

    /**
     * Kafka's internal topics ({@code __consumer_offsets}, {@code __transaction_state}, ...): by
     * convention every topic whose name starts with two underscores.
     */
    public static boolean internal(String name) {
        return name.startsWith("__");
    }
}
