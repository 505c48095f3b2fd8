package dev.gameday.verify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads and writes a {@link Hypothesis} as people write it: each anomaly kind's allowance under the
 * kind's key ({@code lostWrites: 0}), next to the timings ({@code maxUnavailability: 15s}). An unknown
 * key is refused with the known ones, and a bad value keeps its path, so the loader points at its line.
 */
final class HypothesisJson {

    /** A timing clause: its key, and where a hypothesis keeps it. */
    private record Timing(String key, Function<Hypothesis, Duration> of) {}

    private static final List<Timing> TIMINGS = List.of(
            new Timing("maxUnavailability", Hypothesis::maxUnavailability),
            new Timing("recoveryWithin", Hypothesis::recoveryWithin),
            new Timing("maxConsumerStall", Hypothesis::maxConsumerStall),
            new Timing("maxRebalance", Hypothesis::maxRebalance),
            new Timing("maxResume", Hypothesis::maxResume));
    private static final String WRITES_REFUSED = "writesRefused";

    private HypothesisJson() {}

    static List<Object> knownKeys() {
        List<Object> keys = new ArrayList<>();
        for (AnomalyKind kind : AnomalyKind.values()) {
            keys.add(kind.key());
        }
        TIMINGS.forEach(t -> keys.add(t.key()));
        keys.add(WRITES_REFUSED);
        return keys;
    }

    static final class Reader extends StdDeserializer<Hypothesis> {
        Reader() {
            super(Hypothesis.class);
        }

        @Override
        public Hypothesis deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (!node.isObject()) {
                throw JsonMappingException.from(p, "the hypothesis is a mapping (lostWrites: 0, maxUnavailability: 15s, ...), got "
                        + node.getNodeType());
            }
            Map<AnomalyKind, Long> allowances = new EnumMap<>(AnomalyKind.class);
            Map<String, Duration> timings = new java.util.HashMap<>();
            boolean writesRefused = false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                var kind = AnomalyKind.byKey(key);
                if (kind.isPresent()) {
                    allowances.put(kind.get(), read(ctxt, node, key, value, Long.class));
                } else if (TIMINGS.stream().anyMatch(t -> t.key().equals(key))) {
                    timings.put(key, read(ctxt, node, key, value, Duration.class));
                } else if (key.equals(WRITES_REFUSED)) {
                    writesRefused = read(ctxt, node, key, value, Boolean.class);
                } else {
                    throw UnrecognizedPropertyException.from(p, Hypothesis.class, key, knownKeys());
                }
            }
            return new Hypothesis(allowances, timings.get("maxUnavailability"), timings.get("recoveryWithin"),
                    writesRefused, timings.get("maxConsumerStall"), timings.get("maxRebalance"), timings.get("maxResume"));
        }

        private static <T> T read(DeserializationContext ctxt, JsonNode parent, String key, JsonNode value, Class<T> type)
                throws IOException {
            String expected = type == Long.class && !value.isIntegralNumber() ? "a whole number"
                    : type == Boolean.class && !value.isBoolean() ? "true or false" : null;
            if (expected != null) {
                JsonMappingException e = JsonMappingException.from(ctxt, "expected " + expected + ", got '"
                        + value.asText() + "'");
                e.prependPath(parent, key);
                throw e;
            }
            try {
                return ctxt.readTreeAsValue(value, type);
            } catch (JsonMappingException e) {
                e.prependPath(parent, key);
                throw e;
            }
        }
    }

    static final class Writer extends StdSerializer<Hypothesis> {
        Writer() {
            super(Hypothesis.class);
        }

        /** The allowances given, then the timings given, so that a definition reads back as it was written. */
        @Override
        public void serialize(Hypothesis h, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            for (Map.Entry<AnomalyKind, Long> allowance : h.allowances().entrySet()) {
                gen.writeNumberField(allowance.getKey().key(), allowance.getValue());
            }
            for (Timing timing : TIMINGS) {
                Duration value = timing.of().apply(h);
                if (value != null) {
                    provider.defaultSerializeField(timing.key(), value, gen);
                }
            }
            if (h.writesRefused()) {
                gen.writeBooleanField(WRITES_REFUSED, true);
            }
            gen.writeEndObject();
        }
    }
}
