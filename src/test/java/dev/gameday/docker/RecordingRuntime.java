package dev.gameday.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A fake {@link ContainerRuntime} for unit tests: containers live in a map, every call that changes
 * something is recorded as one line ("kill kafka-1 SIGKILL"), reads are not. What changes lab lease
 * containers is recorded apart ({@link #leaseCalls()}), so that a test of faults sees the faults' calls.
 */
public class RecordingRuntime implements ContainerRuntime {

    private final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<RuntimeOperation, String> lacking = new EnumMap<>(RuntimeOperation.class);
    private final List<String> leaseCalls = new ArrayList<>();
    private DockerUnavailableException engineGone;
    private boolean helperImageMissing;
    private int created;
    private final Map<String, RuntimeException> failures = new HashMap<>();
    private HelperResult helperResult = new HelperResult(0, "");
    private HelperResult isolatedResult = new HelperResult(0, "");
    private Consumer<String> beforeEachChange = call -> {};
    private RuntimeException readFailure;
    private final String endpoint;

    public RecordingRuntime() {
        this("fake://docker");
    }

    /** A fake engine at this endpoint: one of an {@link EngineRouter}'s, say. */
    public RecordingRuntime(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Adds a running Kafka node: id "id-kafka-N", name "kafka-N", allow-listed, on 172.20.0.(10+N). */
    public RecordingRuntime node(int nodeId) {
        String name = "kafka-" + nodeId;
        return add(new ContainerInfo("id-" + name, name, ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.kafka.node-id", String.valueOf(nodeId)),
                Map.of("lab", new ContainerInfo.NetworkEndpoint("172.20.0." + (10 + nodeId))), 0, 0));
    }

    public RecordingRuntime add(ContainerInfo container) {
        containers.put(container.id(), container);
        return this;
    }

    /** The next call of this kind on this container ("kill id-kafka-2") throws. */
    public void failOn(String call, RuntimeException failure) {
        failures.put(call, failure);
    }

    public void helperAnswers(HelperResult result) {
        this.helperResult = result;
    }

    public void isolatedHelperAnswers(HelperResult result) {
        this.isolatedResult = result;
    }

    /** Every read (list, inspect) throws this from now on: a Docker engine that does not answer. */
    public void readsFail(RuntimeException failure) {
        this.readFailure = failure;
    }

    /** Runs before every recorded change: lets a test check what was true at that moment. */
    public void beforeEachChange(Consumer<String> check) {
        this.beforeEachChange = check;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls that changed a lease container: "lease start gameday-lease-x holder=a", "lease restart ...", ... */
    public List<String> leaseCalls() {
        return List.copyOf(leaseCalls);
    }

    /** From now on the helper image is missing: creating any container (helper, lease) fails, naming it. */
    public void helperImageMissing() {
        this.helperImageMissing = true;
    }

    private void failIfNoHelperImage() {
        if (helperImageMissing) {
            throw new HelperImageMissingException(endpoint(), "kafka-gameday/base:bookworm");
        }
    }

    /** From now on every call, a ping too, fails as when the engine is gone (restarting); null: it answers again. */
    public void engineGone(boolean gone) {
        this.engineGone = gone ? new DockerUnavailableException("Docker at " + endpoint + " did not answer while trying "
                + "to reach it: SocketException: Connection refused", null) : null;
    }

    public void clearCalls() {
        calls.clear();
    }

    public ContainerState state(String id) {
        return containers.get(id).state();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    /** From now on this runtime cannot perform {@code operation}, and says {@code why}, as a Kubernetes one could not pause. */
    public RecordingRuntime without(RuntimeOperation operation, String why) {
        lacking.put(operation, why);
        return this;
    }

    @Override
    public Optional<String> unsupported(RuntimeOperation operation) {
        return Optional.ofNullable(lacking.get(operation));
    }

    private void failIfLacking(RuntimeOperation operation) {
        if (lacking.containsKey(operation)) {
            throw new UnsupportedRuntimeOperationException(operation, lacking.get(operation));
        }
    }

    @Override
    public void ping() {
        failIfEngineGone();
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels) {
        failIfReadsFail();
        return containers.values().stream()
                .filter(c -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(c.labels().get(l.getKey()))))
                .toList();
    }

    @Override
    public ContainerInfo inspect(String idOrName) {
        failIfReadsFail();
        return containers.values().stream()
                .filter(c -> c.id().equals(idOrName) || c.name().equals(idOrName))
                .findFirst()
                .orElseThrow(() -> new ContainerNotFoundException(idOrName));
    }

    @Override
    public void kill(String id, String signal) {
        change("kill " + id + " " + signal, id, ContainerState.EXITED);
    }

    @Override
    public void stop(String id, Duration timeout) {
        change("stop " + id + " " + timeout.toSeconds() + "s", id, ContainerState.EXITED);
    }

    @Override
    public void start(String id) {
        change("start " + id, id, ContainerState.RUNNING);
    }

    @Override
    public void restart(String id, Duration timeout) {
        change("restart " + id + " " + timeout.toSeconds() + "s", id, ContainerState.RUNNING);
    }

    @Override
    public void pause(String id) {
        failIfLacking(RuntimeOperation.PAUSE);
        change("pause " + id, id, ContainerState.PAUSED);
    }

    @Override
    public void unpause(String id) {
        change("unpause " + id, id, ContainerState.RUNNING);
    }

    @Override
    public void updateCpuQuota(String id, long quotaMicros, long periodMicros) {
        ContainerInfo c = inspect(id);
        record("cpu " + id + " quota=" + quotaMicros + " period=" + periodMicros);
        long kept = quotaMicros < 0 ? 0 : quotaMicros;
        containers.put(id, new ContainerInfo(c.id(), c.name(), c.state(), c.exitCode(), c.labels(), c.networks(), kept,
                periodMicros));
    }

    @Override
    public HelperResult runInNetworkOf(String id, List<String> command) {
        inspect(id);
        failIfNoHelperImage();
        record("helper in " + id + ": " + String.join(" ", command.subList(0, 2)) + "\n" + command.get(2).strip());
        return helperResult;
    }

    @Override
    public HelperResult runIsolated(List<String> command) {
        failIfEngineGone();
        failIfNoHelperImage();
        return isolatedResult;
    }

    @Override
    public void remove(String id) {
        failIfEngineGone();
        ContainerInfo removed = containers.remove(id);
        if (removed != null && removed.labels().containsKey(LEASE_LABEL)) {
            leaseCalls.add("lease remove " + removed.name());
        } else {
            record("remove " + id);
        }
    }

    private void failIfReadsFail() {
        failIfEngineGone();
        if (readFailure != null) {
            throw readFailure;
        }
    }

    private void failIfEngineGone() {
        if (engineGone != null) {
            throw engineGone;
        }
    }

    @Override
    public String startNamed(String name, Map<String, String> labels, List<String> command) {
        failIfEngineGone();
        failIfNoHelperImage();
        if (containers.values().stream().anyMatch(c -> c.name().equals(name))) {
            throw new ContainerConflictException(name);
        }
        String id = "id-" + name + "-" + (++created);
        containers.put(id, new ContainerInfo(id, name, ContainerState.RUNNING, 0, Map.copyOf(labels), Map.of(), 0, 0));
        leaseCalls.add("lease start " + name + " holder=" + labels.get(ContainerRuntime.LEASE_LABEL + ".holder") + " "
                + String.join(" ", command));
        return id;
    }

    /** A lease container whose sleep ran out: its holder stopped renewing it. */
    public void expire(String name) {
        ContainerInfo c = inspect(name);
        containers.put(c.id(), new ContainerInfo(c.id(), c.name(), ContainerState.EXITED, 0, c.labels(), c.networks(), 0,
                0));
    }

    private void change(String call, String id, ContainerState newState) {
        ContainerInfo c = inspect(id);
        if (c.labels().containsKey(LEASE_LABEL)) {
            leaseCalls.add("lease " + call.split(" ")[0] + " " + c.name());
        } else {
            record(call);
        }
        containers.put(id, new ContainerInfo(c.id(), c.name(), newState, newState == ContainerState.EXITED ? 137 : 0,
                c.labels(), c.networks(), c.cpuQuotaMicros(), c.cpuPeriodMicros()));
    }

    private void record(String call) {
        failIfEngineGone();
        beforeEachChange.accept(call);
        RuntimeException failure = failures.remove(call.split("\n")[0]);
        if (failure != null) {
            calls.add(call + " -> failed");
            throw failure;
        }
        calls.add(call);
    }
}
