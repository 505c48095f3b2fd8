package dev.gameday.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gameday.json.GamedayJackson;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one YAML definition strictly: malformed YAML, unknown fields and values of the wrong kind
 * become {@link DefinitionError}s with the file, the line and a message a person can act on.
 */
public final class DefinitionParser {

    private static final YAMLMapper YAML = GamedayJackson.configure(new YAMLMapper());
    private static final Pattern FIELD_PATH = Pattern.compile("^([A-Za-z]+(?:\\[\\d+])?(?:\\.[A-Za-z]+(?:\\[\\d+])?)*):");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)|\\[(\\d+)]");

    /** A definition read from a file, or why it could not be. */
    public record Parsed<T>(String file, T value, List<DefinitionError> errors, YamlLocator locator) {
        public boolean ok() {
            return errors.isEmpty();
        }

        /** A problem found later ("steps[0].target.name: ..."), located at the line of the field it starts with. */
        public DefinitionError locate(String problem) {
            return new DefinitionError(file, locator.line(DefinitionParser.locate(List.of(), problem)), problem);
        }

        Parsed<T> withErrors(List<DefinitionError> found) {
            return new Parsed<>(file, value, found, locator);
        }
    }

    private DefinitionParser() {}

    public static <T> Parsed<T> parse(String file, String text, Class<T> type) {
        YamlLocator locator = new YamlLocator(text);
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            return failed(file, line, "malformed YAML: " + problemOnly(e.getOriginalMessage()), locator);
        }
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            return failed(file, 1, "expected a mapping with the definition's fields, got "
                    + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().toString().toLowerCase()), locator);
        }
        List<DefinitionError> duplicates = locator.duplicateKeys().stream()
                .map(d -> new DefinitionError(file, d.line(), render(d.path()) + ": given twice (first on line "
                        + d.firstLine() + "); the last would silently win, so keep one"))
                .toList();
        if (!duplicates.isEmpty()) {
            return new Parsed<>(file, null, duplicates, locator);
        }
        try {
            return new Parsed<>(file, YAML.treeToValue(tree, type), List.of(), locator);
        } catch (JsonMappingException e) {
            List<Object> path = path(e);
            return failed(file, locator.line(path), describe(path, e), locator);
        } catch (JsonProcessingException e) {
            return failed(file, 0, e.getOriginalMessage(), locator);
        }
    }

    /** The YAML parser's message without its quoted source snippets: "while parsing ...; expected ...". */
    private static String problemOnly(String message) {
        List<String> kept = new ArrayList<>();
        String[] lines = message.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("in 'reader'")) {
                i += 2; // the quoted source line and its caret
            } else if (!lines[i].isBlank()) {
                kept.add(lines[i].strip());
            }
        }
        return String.join("; ", kept);
    }

    private static <T> Parsed<T> failed(String file, int line, String message, YamlLocator locator) {
        return new Parsed<>(file, null, List.of(new DefinitionError(file, line, message)), locator);
    }

    private static List<Object> path(JsonMappingException e) {
        List<Object> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
        }
        return path;
    }

    static String render(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(step);
            }
        }
        return out.toString();
    }

    private static String describe(List<Object> path, JsonMappingException e) {
        String where = render(path);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            String parent = render(path.subList(0, Math.max(0, path.size() - 1)));
            return (parent.isEmpty() ? "" : parent + ": ") + "unknown field '" + unknown.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (known: " + known + ")");
        }
        if (e instanceof InvalidFormatException bad) {
            String why = e.getOriginalMessage();
            int own = why.indexOf("bad duration");
            return where + ": " + (own >= 0 ? why.substring(own)
                    : "cannot read '" + bad.getValue() + "' as " + kind(bad.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                && !e.getOriginalMessage().startsWith("unknown fault type") && !e.getOriginalMessage().startsWith("a step")) {
            return where + ": expected " + kind(mismatched.getTargetType()) + " (" + e.getOriginalMessage() + ")";
        }
        return (where.isEmpty() ? "" : where + ": ") + e.getOriginalMessage();
    }

    private static String kind(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type == String.class ? "a text" : "a mapping";
    }

    /**
     * Splits a problem that starts with a field path ("target.topic: ...") into that path, under
     * {@code prefix}, so that it can be located; the rest stays at the prefix.
     */
    static List<Object> locate(List<Object> prefix, String problem) {
        List<Object> path = new ArrayList<>(prefix);
        Matcher field = FIELD_PATH.matcher(problem);
        if (field.find()) {
            Matcher segment = SEGMENT.matcher(field.group(1));
            while (segment.find()) {
                path.add(segment.group(1) != null ? segment.group(1) : (Object) Integer.parseInt(segment.group(2)));
            }
        }
        return path;
    }
}
