package dev.gameday.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * iptables rules in a container's network namespace. All rules go into one chain, GAMEDAY, jumped
 * to from INPUT and OUTPUT, so that every rule the service ever set can be found and removed.
 */
final class Firewall {

    static final String CHAIN = "GAMEDAY";

    private Firewall() {}

    /** Drops traffic from {@code addresses}, and to them when {@code bothWays}. */
    static Effect.FirewallRules cutOff(String containerId, String containerName, List<String> addresses, boolean bothWays) {
        if (addresses.isEmpty()) {
            throw new FaultException("nothing to cut " + containerName + " off from: the cluster has no other node");
        }
        List<String> rules = new ArrayList<>();
        for (String address : addresses) {
            rules.add("-s " + address + " -j DROP");
            if (bothWays) {
                rules.add("-d " + address + " -j DROP");
            }
        }
        return new Effect.FirewallRules(containerId, containerName, rules);
    }

    /**
     * The script that adds the rules, or deletes them; both are idempotent (each rule is checked
     * with -C first), so injecting twice or reverting what was never applied changes nothing.
     * Deleting the last rule of the chain also removes the chain and its jumps: a container is left as
     * it was before the first fault. (A fault injected on the same container in that very moment finds
     * its chain gone, fails, and is reverted: all-or-nothing holds.)
     */
    static String script(List<String> rules, boolean add) {
        StringBuilder script = new StringBuilder("set -e\n");
        if (add) {
            script.append("iptables -w -N ").append(CHAIN).append(" 2>/dev/null || true\n");
            for (String builtin : List.of("INPUT", "OUTPUT")) {
                script.append("iptables -w -C ").append(builtin).append(" -j ").append(CHAIN)
                        .append(" 2>/dev/null || iptables -w -I ").append(builtin).append(" -j ").append(CHAIN).append('\n');
            }
        }
        for (String rule : rules) {
            String check = "iptables -w -C " + CHAIN + " " + rule + " 2>/dev/null";
            script.append(add
                    ? check + " || iptables -w -A " + CHAIN + " " + rule + "\n"
                    : "if " + check + "; then iptables -w -D " + CHAIN + " " + rule + "; fi\n");
        }
        if (!add) {
            script.append("if ! iptables -w -S ").append(CHAIN).append(" 2>/dev/null | grep -q -- '^-A ").append(CHAIN)
                    .append(" '; then\n").append(sweepScript()).append("fi\n");
        }
        return script.toString();
    }

    /** Removes the chain and everything in it: the start-up sweep for rules a crash left behind. */
    static String sweepScript() {
        return "for c in INPUT OUTPUT; do while iptables -w -D $c -j " + CHAIN + " 2>/dev/null; do :; done; done\n"
                + "iptables -w -F " + CHAIN + " 2>/dev/null || true\n"
                + "iptables -w -X " + CHAIN + " 2>/dev/null || true\n";
    }
}
