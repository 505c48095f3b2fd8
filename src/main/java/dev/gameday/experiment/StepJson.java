package dev.gameday.experiment;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.gameday.fault.FaultSpec;
import dev.gameday.target.TargetSelector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a {@link Step} in its flat form: the fault's own fields sit next to target, at
 * and duration. Errors keep their path (steps[1].signal), so the loader can point at the line.
 */
final class StepJson {

    private StepJson() {}

    static final class Reader extends StdDeserializer<Step> {
        Reader() {
            super(Step.class);
        }

        @Override
        public Step deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            if (!(tree instanceof ObjectNode node)) {
                throw JsonMappingException.from(p, "a step is a mapping with at least 'fault', got " + tree.getNodeType());
            }
            JsonNode type = node.get("fault");
            if (type == null || !type.isTextual()) {
                throw JsonMappingException.from(p, "a step needs 'fault', one of " + types());
            }
            boolean clientSide = ClientFault.types().contains(type.asText());
            if (!clientSide && !FaultSpec.types().contains(type.asText())) {
                JsonMappingException e = JsonMappingException.from(p, "unknown fault type '" + type.asText()
                        + "' (known: " + String.join(", ", types()) + ")");
                e.prependPath(node, "fault");
                throw e;
            }
            TargetSelector target = read(ctxt, node.remove("target"), TargetSelector.class, "target");
            Duration at = read(ctxt, node.remove("at"), Duration.class, "at");
            Duration duration = read(ctxt, node.remove("duration"), Duration.class, "duration");
            JsonNode awaitHealthy = node.remove("awaitHealthy");
            if (awaitHealthy != null && !awaitHealthy.isBoolean() && !awaitHealthy.isNull()) {
                JsonMappingException e = JsonMappingException.from(p, "true or false, got '" + awaitHealthy.asText() + "'");
                e.prependPath(node, "awaitHealthy");
                throw e;
            }
            boolean await = awaitHealthy != null && awaitHealthy.asBoolean();
            if (clientSide) {
                if (target != null) {
                    JsonMappingException e = JsonMappingException.from(p, "fault " + type.asText()
                            + " acts on the run's own probes, not on containers; remove target");
                    e.prependPath(node, "target");
                    throw e;
                }
                return Step.onProbes(ctxt.readTreeAsValue(node, ClientFault.class), at, duration, await);
            }
            return new Step(ctxt.readTreeAsValue(node, FaultSpec.class), target, at, duration, await);
        }

        /** Every fault type a step may name: on containers, then on the probes. */
        private static List<String> types() {
            List<String> types = new ArrayList<>(FaultSpec.types());
            types.addAll(ClientFault.types());
            return types;
        }

        private static <T> T read(DeserializationContext ctxt, JsonNode value, Class<T> type, String field)
                throws IOException {
            if (value == null || value.isNull()) {
                return null;
            }
            try {
                return ctxt.readTreeAsValue(value, type);
            } catch (JsonMappingException e) {
                e.prependPath(value, field);
                throw e;
            }
        }
    }

    static final class Writer extends StdSerializer<Step> {
        Writer() {
            super(Step.class);
        }

        @Override
        public void serialize(Step step, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("fault", step.type());
            Object fault = step.clientSide() ? step.client() : step.fault();
            provider.findValueSerializer(fault.getClass())
                    .unwrappingSerializer(NameTransformer.NOP)
                    .serialize(fault, gen, provider);
            if (step.target() != null) {
                provider.defaultSerializeField("target", step.target(), gen);
            }
            provider.defaultSerializeField("at", step.at(), gen);
            provider.defaultSerializeField("duration", step.duration(), gen);
            if (step.awaitHealthy()) {
                gen.writeBooleanField("awaitHealthy", true);
            }
            gen.writeEndObject();
        }
    }
}
