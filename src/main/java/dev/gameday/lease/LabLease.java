package dev.gameday.lease;

import dev.gameday.GamedayException;
import dev.gameday.docker.ContainerConflictException;
import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerNotFoundException;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.kafka.KafkaConfig;
import dev.gameday.target.SafetyConfig;
import dev.gameday.time.Threads;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One lab, one service. While a service breaks a lab (a run in progress, a fault applied) it holds the
 * lab's lease, and a second service pointed at the same lab refuses to inject, naming the first.
 *
 * <p>The lease is a container on the lab's own Docker engine, which every service that can break the
 * lab reaches: {@code gameday-lease-<lab>}, of the helper image, with no network, labelled with its
 * holder (the service's id, kept in {@code service-id} next to the fault journal, so that a restarted
 * service knows its own lease), the holder's host and since when. The engine makes the name unique,
 * so two services cannot both create it. It runs {@code sleep <ttl>} and its holder restarts it every
 * ttl/3: it runs as long as its holder lives and renews it, and a holder that dies lets it run out
 * within the ttl, after which another service may take it over (removing the stopped container by
 * its id, never by name, then creating its own). The engine's clock alone times it: no clocks of two
 * hosts are compared. Reverting never needs the lease: a fault always ends.
 */
@ApplicationScoped
public class LabLease {

    static final String HOLDER = ContainerRuntime.LEASE_LABEL + ".holder";
    static final String HOST = ContainerRuntime.LEASE_LABEL + ".host";
    static final String SINCE = ContainerRuntime.LEASE_LABEL + ".since";
    static final String TTL = ContainerRuntime.LEASE_LABEL + ".ttl-seconds";

    private final ContainerRuntime runtime;
    private final String lab;
    private final String name;
    private final String holder;
    private final String host;
    private final Duration ttl;
    private final Clock clock;
    private final Executor releaser;
    /** Why the lease is held: "run ID" for a run in progress, "fault ID" for an applied fault. */
    private final Set<String> holds = ConcurrentHashMap.newKeySet();
    private String leaseId; // guarded by this: our lease container, while we hold the lease
    private Instant renewedAt; // guarded by this
    private boolean renewalFailing; // guarded by this

    @Inject
    public LabLease(ContainerRuntime runtime, LeaseConfig config, KafkaConfig kafka, SafetyConfig safety, Clock clock) {
        this(runtime, kafka.cluster().orElse("default"),
                serviceId(safety.journal().toAbsolutePath().resolveSibling("service-id")), hostName(), config.ttl(),
                clock, Threads.single("gameday-lease", true));
    }

    /** @param releaser where a lease no longer needed is given back, off the caller's path */
    public LabLease(ContainerRuntime runtime, String lab, String holder, String host, Duration ttl, Clock clock,
             Executor releaser) {
        this.runtime = runtime;
        this.lab = lab;
        this.name = "gameday-lease-" + lab.replaceAll("[^a-zA-Z0-9_.-]", "_");
        this.holder = holder;
        this.host = host;
        this.ttl = ttl;
        this.clock = clock;
        this.releaser = releaser;
    }

    /** The lease container's name: gameday-lease-LAB. */
    public String name() {
        return name;
    }

    /** This service's id, as its lease names it. */
    public String holder() {
        return holder;
    }

    /**
     * Holds the lease for {@code why} (a run or a fault), taking it if this service does not hold it
     * yet. Refused, with a {@link LeaseHeldException} naming the other service, while another holds it.
     */
    public synchronized void hold(String why) {
        holds.add(why);
        try {
            acquire();
        } catch (RuntimeException e) {
            holds.remove(why);
            throw e;
        }
    }

    /** Lets go of {@code why}; when nothing holds the lease any more, it is given back (asynchronously). */
    public void release(String why) {
        if (holds.remove(why) && holds.isEmpty()) {
            releaser.execute(this::releaseIfUnused);
        }
    }

    private void acquire() {
        if (leaseId != null) {
            return;
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            Optional<ContainerInfo> existing = find();
            if (existing.isPresent()) {
                ContainerInfo lease = existing.get();
                if (holder.equals(lease.labels().get(HOLDER))) { // ours, from before a restart of this service
                    leaseId = lease.id();
                    renew();
                    Log.infof("holding the lease of lab %s again (%s, left by this service's last life)", lab, name);
                    return;
                }
                if (lease.state() == ContainerState.RUNNING || lease.state() == ContainerState.RESTARTING) {
                    throw new LeaseHeldException(lab, lease);
                }
                Log.warnf("the lease of lab %s held by service %s on host %s since %s has run out (%s is %s): "
                        + "taking it over", lab, lease.labels().get(HOLDER), lease.labels().get(HOST),
                        lease.labels().get(SINCE), name, lease.state().name().toLowerCase(Locale.ROOT));
                runtime.remove(lease.id()); // by id: a fresh lease of someone else's is never removed
            }
            try {
                leaseId = runtime.startNamed(name, labels(), List.of("sleep", String.valueOf(ttl.toSeconds())));
                renewedAt = clock.instant();
                Log.infof("holding the lease of lab %s (container %s, renewed every %d s)", lab, name,
                        renewEvery().toSeconds());
                return;
            } catch (ContainerConflictException raced) {
                Log.debugf("another service created %s in the same moment: looking again", name);
            }
        }
        throw new GamedayException(GamedayException.Kind.CONFLICT, "the lease of lab " + lab + " (" + name
                + ") kept changing hands while this service tried to take it; nothing was injected");
    }

    private Optional<ContainerInfo> find() {
        try {
            return Optional.of(runtime.inspect(name));
        } catch (ContainerNotFoundException none) {
            return Optional.empty();
        }
    }

    private Map<String, String> labels() {
        return Map.of(ContainerRuntime.LEASE_LABEL, lab, HOLDER, holder, HOST, host,
                SINCE, clock.instant().toString(), TTL, String.valueOf(ttl.toSeconds()));
    }

    private Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    /** Keeps the lease running while it is held: restarts its container every ttl/3. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void renewIfDue() {
        if (leaseId == null || holds.isEmpty() || clock.instant().isBefore(renewedAt.plus(renewEvery()))) {
            return;
        }
        try {
            ContainerInfo lease = runtime.inspect(leaseId);
            if (!holder.equals(lease.labels().get(HOLDER))) {
                throw new ContainerNotFoundException(leaseId);
            }
            renew();
            if (renewalFailing) {
                Log.infof("the lease of lab %s is renewed again", lab);
            }
            renewalFailing = false;
        } catch (ContainerNotFoundException gone) {
            Log.errorf("the lease container %s of lab %s is gone (removed by hand, or run out while it could not be "
                    + "renewed): this service takes the lease again before its next injection", name, lab);
            leaseId = null;
        } catch (GamedayException e) {
            if (!renewalFailing) {
                Log.warnf("the lease of lab %s could not be renewed (%s); it runs out %d s after its last renewal at %s",
                        lab, e.getMessage(), ttl.toSeconds(), renewedAt);
            }
            renewalFailing = true;
        }
    }

    private void renew() {
        runtime.restart(leaseId, Duration.ZERO);
        renewedAt = clock.instant();
    }

    /** Gives the lease back if nothing holds it (nothing took it again meanwhile). */
    synchronized void releaseIfUnused() {
        if (leaseId == null || !holds.isEmpty()) {
            return;
        }
        try {
            runtime.remove(leaseId);
            Log.infof("gave back the lease of lab %s", lab);
        } catch (GamedayException e) {
            Log.warnf("the lease of lab %s could not be given back (%s): it runs out within %d s", lab, e.getMessage(),
                    ttl.toSeconds());
        }
        leaseId = null;
    }

    /** A lease this service left running when it stopped is given back at its start: it holds nothing yet. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        try {
            Optional<ContainerInfo> lease = find();
            synchronized (this) {
                if (lease.isPresent() && holder.equals(lease.get().labels().get(HOLDER)) && leaseId == null) {
                    leaseId = lease.get().id();
                    Log.infof("found the lease of lab %s this service held before it stopped: giving it back", lab);
                    releaseIfUnused();
                }
            }
        } catch (GamedayException e) {
            Log.warnf("could not look for a lease of lab %s left by this service: %s", lab, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        holds.clear();
        releaseIfUnused();
    }

    /** The id of this service, made once and kept next to the fault journal. */
    static String serviceId(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            String id = UUID.randomUUID().toString();
            Log.warnf("the service id cannot be kept in %s (%s): this life's id is %s, and a restart waits for its "
                    + "lease to run out before it injects", file, e.getMessage(), id);
            return id;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
