package dev.gameday.probe;

import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.verify.History;
import java.util.Random;

/** The probes of one run as the run drives them: a {@link ProbeSession} on a cluster, a fake in unit tests. */
public interface Probes extends AutoCloseable {

    /** What the probes have seen so far; it grows while they run. */
    History history();

    /** Reads the cluster now and records the reading as one of the run's cluster samples. */
    ClusterSnapshot sampleCluster();

    /** Stops sending and waits for the answers still due. */
    void stopProducing();

    /** Reads the log to the end; whether every acknowledged offset was reached. */
    boolean drain();

    ProbeStats stats();

    /**
     * Crashes a member of the group probe: the one in {@code slot}, or one drawn from {@code random}
     * when null. It stops in the middle of a batch, commits nothing and does not leave the group.
     */
    CrashedMember crashGroupMember(Integer slot, Random random);

    /** Starts a new member of the group probe in the slot a crash emptied. */
    void replaceGroupMember(int slot);

    @Override
    void close();
}
