package dev.gameday.tools;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs several invocations of Kafka's command-line tools in one JVM (kafka-tool-batch): each line of
 * standard input is one, the tool's name and its arguments separated by spaces, as on a command line
 * without quotes ({@code kafka-acls --bootstrap-server ... --add ...}); blank lines and lines
 * starting with {@code #} are skipped. A lab's start grants a dozen ACLs, and a JVM of its own for
 * each costs seconds of CPU on a small host.
 *
 * <p>A tool's output (standard output and error) is shown only when it fails (on success kafka-acls repeats every ACL it
 * added); then the batch stops with exit status 1, naming the line, with anything that looks like
 * a password in the output hidden. Arguments read from standard input never appear in a process
 * listing, unlike a command line's.
 */
public final class ToolBatch {

    private static final Map<String, String> TOOLS = Map.of(
            "kafka-acls", "org.apache.kafka.tools.AclCommand",
            "kafka-configs", "kafka.admin.ConfigCommand");

    /** A tool called Kafka's Exit.exit: the batch decides what that means. */
    private static final class ToolExit extends RuntimeException {
        final int status;

        ToolExit(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private ToolBatch() {}

    public static void main(String[] args) throws Exception {
        Exit.setExitProcedure((status, message) -> {
            throw new ToolExit(status);
        });
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int number = 0;
        int ran = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("\\s+");
            String main = TOOLS.get(words[0]);
            if (main == null) {
                fail(number, words[0], "unknown tool (known: " + String.join(", ", TOOLS.keySet()) + ")");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = run(main, Arrays.copyOfRange(words, 1, words.length), output);
            if (status != 0) {
                fail(number, words[0], "exited with " + status + ": "
                        + hidePasswords(output.toString(StandardCharsets.UTF_8)).strip());
            }
            ran++;
        }
        System.out.println("kafka-tool-batch: " + ran + " command(s) done");
    }

    /** Runs one tool's main with its output (both streams) captured; its exit status (0 when it just returns). */
    private static int run(String main, String[] args, ByteArrayOutputStream output) throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        PrintStream captured = new PrintStream(output, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        try {
            Class.forName(main).getMethod("main", String[].class).invoke(null, (Object) args);
            return 0;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ToolExit exit) {
                return exit.status;
            }
            e.getCause().printStackTrace(System.out);
            return 1;
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** kafka-configs repeats a credential it refuses, password included. */
    static String hidePasswords(String text) {
        return text.replaceAll("(?i)(password=)[^,\\]\\s'\"]*", "$1(hidden)");
    }

    private static void fail(int line, String tool, String why) {
        System.err.println("kafka-tool-batch: line " + line + " (" + tool + ") " + why);
        System.exit(1);
    }
}
