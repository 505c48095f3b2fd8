package dev.gameday.run.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of a run: the run's own fault journal (table run_step). */
@Entity
@Table(name = "run_step")
public class StepRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne
    @JoinColumn(name = "run_id")
    public RunRow run;
    @Column(name = "step_no")
    public int step;
    public String fault;
    public String target;
    @Column(name = "fault_id")
    public String faultId;
    /** Comma-separated container names. */
    public String targets;
    @Column(name = "injected_at")
    public Instant injectedAt;
    @Column(name = "reverted_at")
    public Instant revertedAt;
    public String outcome;
}
