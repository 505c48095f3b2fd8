package dev.gameday.run.store;

import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.run.store.RunRow;
import dev.gameday.run.store.SuiteRunRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** Runs and suite runs in the results database (H2 or PostgreSQL), through Hibernate ORM. */
@ApplicationScoped
public class RunStore {

    private final Session session;
    private final RunRows rows = new RunRows();

    public RunStore(Session session) {
        this.session = session;
    }

    @Transactional
    public void save(RunReport run) {
        write(run);
    }

    /** Saves a run in progress as it is at {@code at}: what it ends with if the service stops before it does. */
    @Transactional
    public void checkpoint(RunReport running, Instant at) {
        write(running).checkpointAt = at;
    }

    private RunRow write(RunReport run) {
        RunRow row = Optional.ofNullable(session.find(RunRow.class, run.id())).orElseGet(RunRow::new);
        boolean fresh = row.id == null;
        rows.fill(row, run);
        if (fresh) {
            session.persist(row);
        }
        session.flush(); // the children go in after the orphans are removed
        rows.children(row, run);
        return row;
    }


    /**
     * Runs still RUNNING in the database that were requested before this service started were cut
     * short by its last stop: they end INTERRUPTED with the figures of their last checkpoint, saying in
     * which phase and when. (Their faults are reverted by the fault journal's recovery.) Returns them
     * as they are now. Suite runs alike.
     */
    @Transactional
    public List<RunReport> closeAbandoned(Instant serviceStarted, Instant now) {
        List<RunRow> abandoned = session.createQuery("from RunRow r where r.status = 'RUNNING' and r.requestedAt < :started",
                        RunRow.class).setParameter("started", serviceStarted).getResultList();
        for (RunRow row : abandoned) {
            row.status = RunStatus.INTERRUPTED.name();
            row.endedAt = row.checkpointAt != null ? row.checkpointAt
                    : row.startedAt != null ? row.startedAt : row.requestedAt;
            row.reasons = (row.reasons == null || row.reasons.isEmpty() ? "" : row.reasons + "\n")
                    + interruption(row.phase, row.checkpointAt, now);
        }
        session.createMutationQuery("update SuiteRunRow s set s.status = 'INTERRUPTED', s.endedAt = :now, "
                + "s.reasons = 'the service stopped while the suite was in progress' where s.status = 'RUNNING' "
                + "and s.requestedAt < :started").setParameter("now", now).setParameter("started", serviceStarted)
                .executeUpdate();
        return abandoned.stream().map(r -> rows.report(r, false)).toList();
    }

    /** "the service stopped while the run was in its faults phase, between its last checkpoint at ... and ...". */
    static String interruption(String phase, Instant checkpoint, Instant restart) {
        String where = "the service stopped while the run was " + (phase == null ? "in progress" : "in its " + phase
                + " phase") + ", ";
        return checkpoint == null
                ? where + "before its first checkpoint (found at the service's restart at " + restart + ")"
                : where + "between its last checkpoint at " + checkpoint + " and the service's restart at " + restart
                        + "; the figures are those of that checkpoint";
    }

    @Transactional
    public Optional<RunReport> find(String id) {
        return Optional.ofNullable(session.find(RunRow.class, id)).map(r -> rows.report(r, true));
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
        return query.getResultList().stream().map(r -> rows.report(r, false)).toList();
    }

    /** The latest finished run of each experiment that has one, not counting skipped ones. */
    @Transactional
    public List<RunReport> latestPerExperiment() {
        return session.createQuery("from RunRow r where r.status not in ('RUNNING', 'SKIPPED') and r.requestedAt = "
                        + "(select max(o.requestedAt) from RunRow o where o.experiment = r.experiment "
                        + "and o.status not in ('RUNNING', 'SKIPPED'))", RunRow.class)
                .getResultList().stream().map(r -> rows.report(r, false)).toList();
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
                .setParameter("id", id).getResultList().stream().map(r -> rows.report(r, false)).toList();
        return Optional.of(new SuiteRunReport(row.id, row.suite, RunStatus.valueOf(row.status), row.trigger,
                row.requestedAt, row.endedAt, RunRows.lines(row.reasons), runs));
    }

}
