package dev.gameday.experiment;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Finds the line of a path (steps, 1, target) in a YAML text, so errors can point at it. */
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
