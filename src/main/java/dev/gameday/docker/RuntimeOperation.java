package dev.gameday.docker;

/**
 * What a fault asks of the container runtime. Docker does every one; another runtime may lack some
 * (Kubernetes cannot pause a pod), and says so in {@link ContainerRuntime#unsupported}, so that a step
 * needing it is refused before anything is injected.
 */
public enum RuntimeOperation {
    KILL("send a signal to a container's main process and start the container again"),
    STOP("stop a container and start it again"),
    RESTART("restart a container"),
    PAUSE("freeze a container's processes and thaw them (pause, unpause)"),
    CPU_QUOTA("change a running container's CPU quota and restore it"),
    NETWORK("run a helper with NET_ADMIN in a container's network namespace (iptables, tc)");

    private final String description;

    RuntimeOperation(String description) {
        this.description = description;
    }

    /** For messages: "freeze a container's processes and thaw them (pause, unpause)". */
    public String description() {
        return description;
    }
}
