package dev.gameday.run.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One kind of anomaly in one partition of a run (table run_anomaly). */
@Entity
@Table(name = "run_anomaly")
public class AnomalyRow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne
    @JoinColumn(name = "run_id")
    public RunRow run;
    public String kind;
    @Column(name = "partition_no")
    public int partition;
    @Column(name = "anomaly_count")
    public long count;
    /** One example per line. */
    public String examples;
}
