package dev.gameday.run.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One second of a run's probes (table run_timeline). */
@Entity
@Table(name = "run_timeline")
@IdClass(TimelineRow.Key.class)
public class TimelineRow {
    @Id
    @ManyToOne
    @JoinColumn(name = "run_id")
    public RunRow run;
    @Id
    @Column(name = "second_no")
    public int second;
    public int sent;
    public int acked;
    public int failed;
    @Column(name = "read_count")
    public int read;
    @Column(name = "ack_latency_mean_us")
    public long ackLatencyMeanMicros;
    @Column(name = "ack_latency_max_us")
    public long ackLatencyMaxMicros;

    public record Key(String run, int second) implements Serializable {}
}
