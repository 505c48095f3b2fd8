package dev.gameday.fault;

import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.HelperResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Whether the Docker host's kernel has the netem qdisc that latency and loss need, found out once
 * by trying it in a throw-away network namespace. Many minimal kernels ship without it.
 */
@ApplicationScoped
public class NetemSupport {

    private final ContainerRuntime runtime;
    private volatile Optional<String> missing;

    public NetemSupport(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Empty when netem works; otherwise why not, in words a person can act on. */
    public Optional<String> whyUnavailable() {
        Optional<String> known = missing;
        if (known == null) {
            HelperResult probe = runtime.runIsolated(List.of("tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"));
            known = probe.succeeded() ? Optional.empty()
                    : Optional.of("the kernel of the Docker host at " + runtime.endpoint()
                            + " has no netem qdisc (tc said: " + probe.output().strip()
                            + "); latency and loss faults cannot run there, bandwidth (tbf) can");
            missing = known;
        }
        return known;
    }
}
