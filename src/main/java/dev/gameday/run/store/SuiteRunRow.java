package dev.gameday.run.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A game-day suite run (table suite_run); its runs point at it. */
@Entity
@Table(name = "suite_run")
public class SuiteRunRow {
    @Id
    public String id;
    public String suite;
    public String status;
    @Column(name = "trigger_kind")
    public String trigger;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    public String reasons;
}
