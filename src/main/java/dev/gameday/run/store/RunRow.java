package dev.gameday.run.store;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A run in the results database (table run). */
@Entity
@Table(name = "run")
public class RunRow {
    @Id
    public String id;
    public String experiment;
    @Column(name = "suite_run_id")
    public String suiteRunId;
    @Column(name = "suite_position")
    public Integer suitePosition;
    public String status;
    @Column(name = "trigger_kind")
    public String trigger;
    public long seed;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    /** Second 0 of the timeline. */
    @Column(name = "probes_started_at")
    public Instant probesStartedAt;
    /** While RUNNING, the phase of its last checkpoint; kept when it ends INTERRUPTED. */
    public String phase;
    /** When it was last saved while it ran. */
    @Column(name = "checkpoint_at")
    public Instant checkpointAt;
    /** One reason per line. */
    public String reasons;
    /** The verifier's figures and the ack latency, as JSON; the anomalies are rows of their own. */
    public String measured;
    /** The experiment as it was run, as JSON. */
    public String definition;

    @OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("step")
    public List<StepRow> steps = new ArrayList<>();

    @OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<AnomalyRow> anomalies = new ArrayList<>();

    @OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("second")
    public List<TimelineRow> timeline = new ArrayList<>();
}
