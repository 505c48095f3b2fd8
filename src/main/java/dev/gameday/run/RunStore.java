package dev.gameday.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.experiment.Experiment;
import dev.gameday.json.GamedayJackson;
import dev.gameday.probe.ProbeStats;
import dev.gameday.run.store.AnomalyRow;
import dev.gameday.run.store.RunRow;
import dev.gameday.run.store.StepRow;
import dev.gameday.run.store.SuiteRunRow;
import dev.gameday.run.store.TimelineRow;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.Timeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** Runs and suite runs in the results database (H2 or PostgreSQL), through Hibernate ORM. */
@ApplicationScoped
public class RunStore {

    private final Session session;
    private final ObjectMapper json = GamedayJackson.json();

    public RunStore(Session session) {
        this.session = session;
    }

    /** The measured figures as stored: the analysis without its anomalies (rows of their own), the latency. */
    record Measured(Analysis analysis, ProbeStats latency) {}

    @Transactional
    public void save(RunReport run) {
        RunRow row = Optional.ofNullable(session.find(RunRow.class, run.id())).orElseGet(RunRow::new);
        boolean fresh = row.id == null;
        row.id = run.id();
        row.experiment = run.experiment();
        row.suiteRunId = run.suiteRunId();
        row.status = run.status().name();
        row.trigger = run.trigger();
        row.seed = run.seed();
        row.requestedAt = run.requestedAt();
        row.startedAt = run.startedAt();
        row.endedAt = run.endedAt();
        row.probesStartedAt = run.probesStartedAt();
        row.reasons = String.join("\n", run.reasons());
        row.definition = write(run.definition());
        row.measured = run.measured() == null ? null : write(new Measured(run.measured().withAnomalies(List.of()), run.latency()));
        row.steps.clear();
        row.anomalies.clear();
        row.timeline.clear();
        if (fresh) {
            session.persist(row);
        }
        session.flush(); // the children go in after the orphans are removed
        for (StepReport step : run.steps()) {
            StepRow s = new StepRow();
            s.run = row;
            s.step = step.step();
            s.fault = step.fault();
            s.target = step.target();
            s.faultId = step.faultId();
            s.targets = step.targets() == null ? null : String.join(",", step.targets());
            s.injectedAt = step.injectedAt();
            s.revertedAt = step.revertedAt();
            s.outcome = step.outcome();
            row.steps.add(s);
        }
        if (run.measured() != null) {
            for (Analysis.Anomaly anomaly : run.measured().anomalies()) {
                AnomalyRow a = new AnomalyRow();
                a.run = row;
                a.kind = anomaly.kind();
                a.partition = anomaly.partition();
                a.count = anomaly.count();
                a.examples = String.join("\n", anomaly.examples());
                row.anomalies.add(a);
            }
        }
        if (run.timeline() != null) {
            for (Timeline.Second second : run.timeline()) {
                TimelineRow t = new TimelineRow();
                t.run = row;
                t.second = second.second();
                t.sent = second.sent();
                t.acked = second.acked();
                t.failed = second.failed();
                t.read = second.read();
                t.ackLatencyMeanMicros = second.ackLatencyMeanMicros();
                t.ackLatencyMaxMicros = second.ackLatencyMaxMicros();
                row.timeline.add(t);
            }
        }
    }

    /**
     * Runs still RUNNING in the database when the service starts were cut short by its stop: they
     * end as ERROR, saying so. (Their faults are reverted by the fault journal's recovery.)
     */
    @Transactional
    public int closeAbandoned(Instant now) {
        List<RunRow> abandoned = session.createQuery("from RunRow r where r.status = 'RUNNING'", RunRow.class)
                .getResultList();
        for (RunRow row : abandoned) {
            row.status = RunStatus.ERROR.name();
            row.endedAt = now;
            row.reasons = (row.reasons == null || row.reasons.isEmpty() ? "" : row.reasons + "\n")
                    + "the service stopped while the run was in progress";
        }
        session.createMutationQuery("update SuiteRunRow s set s.status = 'ERROR', s.endedAt = :now, "
                + "s.reasons = 'the service stopped while the suite was in progress' where s.status = 'RUNNING'")
                .setParameter("now", now).executeUpdate();
        return abandoned.size();
    }

    @Transactional
    public Optional<RunReport> find(String id) {
        return Optional.ofNullable(session.find(RunRow.class, id)).map(r -> toReport(r, true));
    }

    /** Runs, newest first, filtered by whatever is given. */
    @Transactional
    public List<RunReport> list(String experiment, RunStatus status, Instant since, Instant until, int limit) {
        StringBuilder hql = new StringBuilder("from RunRow r where 1 = 1");
        if (experiment != null) {
            hql.append(" and r.experiment = :experiment");
        }
        if (status != null) {
            hql.append(" and r.status = :status");
        }
        if (since != null) {
            hql.append(" and r.requestedAt >= :since");
        }
        if (until != null) {
            hql.append(" and r.requestedAt < :until");
        }
        hql.append(" order by r.requestedAt desc");
        var query = session.createQuery(hql.toString(), RunRow.class).setMaxResults(limit);
        if (experiment != null) {
            query.setParameter("experiment", experiment);
        }
        if (status != null) {
            query.setParameter("status", status.name());
        }
        if (since != null) {
            query.setParameter("since", since);
        }
        if (until != null) {
            query.setParameter("until", until);
        }
        return query.getResultList().stream().map(r -> toReport(r, false)).toList();
    }

    /** The latest finished run of each experiment that has one, not counting skipped ones. */
    @Transactional
    public List<RunReport> latestPerExperiment() {
        return session.createQuery("from RunRow r where r.status not in ('RUNNING', 'SKIPPED') and r.requestedAt = "
                        + "(select max(o.requestedAt) from RunRow o where o.experiment = r.experiment "
                        + "and o.status not in ('RUNNING', 'SKIPPED'))", RunRow.class)
                .getResultList().stream().map(r -> toReport(r, false)).toList();
    }

    @Transactional
    public void save(SuiteRunReport suite, List<String> runIds) {
        SuiteRunRow row = Optional.ofNullable(session.find(SuiteRunRow.class, suite.id())).orElseGet(SuiteRunRow::new);
        boolean fresh = row.id == null;
        row.id = suite.id();
        row.suite = suite.suite();
        row.status = suite.status().name();
        row.trigger = suite.trigger();
        row.requestedAt = suite.requestedAt();
        row.endedAt = suite.endedAt();
        row.reasons = String.join("\n", suite.reasons());
        if (fresh) {
            session.persist(row);
        }
        for (int i = 0; i < runIds.size(); i++) {
            RunRow run = session.find(RunRow.class, runIds.get(i));
            if (run != null) {
                run.suitePosition = i;
            }
        }
    }

    @Transactional
    public Optional<SuiteRunReport> findSuite(String id) {
        SuiteRunRow row = session.find(SuiteRunRow.class, id);
        if (row == null) {
            return Optional.empty();
        }
        List<RunReport> runs = session.createQuery("from RunRow r where r.suiteRunId = :id order by r.suitePosition, "
                        + "r.requestedAt", RunRow.class)
                .setParameter("id", id).getResultList().stream().map(r -> toReport(r, false)).toList();
        return Optional.of(new SuiteRunReport(row.id, row.suite, RunStatus.valueOf(row.status), row.trigger,
                row.requestedAt, row.endedAt, lines(row.reasons), runs));
    }

    private RunReport toReport(RunRow row, boolean full) {
        List<StepReport> steps = row.steps.stream().map(s -> new StepReport(s.step, s.fault, s.target, s.faultId,
                s.targets == null || s.targets.isEmpty() ? List.of() : Arrays.asList(s.targets.split(",")),
                s.injectedAt, s.revertedAt, s.outcome)).toList();
        Measured measured = row.measured == null ? null : read(row.measured, Measured.class);
        Analysis analysis = measured == null ? null : measured.analysis().withAnomalies(row.anomalies.stream()
                .map(a -> new Analysis.Anomaly(a.kind, a.partition, a.count, lines(a.examples))).toList());
        List<Timeline.Second> timeline = full ? row.timeline.stream()
                .map(t -> new Timeline.Second(t.second, t.sent, t.acked, t.failed, t.read, t.ackLatencyMeanMicros,
                        t.ackLatencyMaxMicros)).toList() : null;
        return new RunReport(row.id, row.experiment, row.suiteRunId, RunStatus.valueOf(row.status), null, row.trigger,
                row.seed, row.requestedAt, row.startedAt, row.endedAt, lines(row.reasons), steps, analysis,
                measured == null ? null : measured.latency(), timeline,
                full && row.definition != null ? read(row.definition, Experiment.class) : null, row.probesStartedAt);
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\n")));
    }

    private String write(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
