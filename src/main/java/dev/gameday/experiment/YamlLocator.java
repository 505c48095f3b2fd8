package dev.gameday.experiment;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line of a path (steps, 1, target) in a YAML text, so errors can point at it, and the
 * keys given twice in one mapping, which a YAML reader would otherwise let the last one win.
 */
final class YamlLocator {

    private final Node root;

    YamlLocator(String yaml) {
        Node composed;
        try {
            composed = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (RuntimeException malformed) {
            composed = null;
        }
        this.root = composed;
    }

    /**
     * The 1-based line of the deepest node along the path that exists: a missing field is
     * reported at the mapping that lacks it. 0 when the text has no nodes at all.
     */
    int line(List<Object> path) {
        if (root == null) {
            return 0;
        }
        Node node = root;
        for (Object step : path) {
            Node next = child(node, step);
            if (next == null) {
                break;
            }
            node = next;
        }
        return node.getStartMark().getLine() + 1;
    }

    /** A key given a second time in one mapping: its path (steps, 0, duration) and both lines. */
    record DuplicateKey(List<Object> path, int firstLine, int line) {}

    /** Every key given twice, in the order of the text. */
    List<DuplicateKey> duplicateKeys() {
        List<DuplicateKey> duplicates = new ArrayList<>();
        if (root != null) {
            collectDuplicates(root, List.of(), duplicates);
        }
        return duplicates;
    }

    private static void collectDuplicates(Node node, List<Object> path, List<DuplicateKey> duplicates) {
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> firstLines = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar) {
                    int line = scalar.getStartMark().getLine() + 1;
                    Integer first = firstLines.putIfAbsent(scalar.getValue(), line);
                    if (first != null) {
                        duplicates.add(new DuplicateKey(append(path, scalar.getValue()), first, line));
                    }
                    collectDuplicates(tuple.getValueNode(), append(path, scalar.getValue()), duplicates);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                collectDuplicates(sequence.getValue().get(i), append(path, i), duplicates);
            }
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    private static Node child(Node node, Object step) {
        if (node instanceof MappingNode mapping && step instanceof String key) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode() instanceof ScalarNode ? tuple.getKeyNode() : tuple.getValueNode();
                }
            }
        }
        if (node instanceof SequenceNode sequence && step instanceof Integer index && index < sequence.getValue().size()) {
            return sequence.getValue().get(index);
        }
        return null;
    }
}
