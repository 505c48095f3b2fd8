package dev.gameday.run.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.hibernate.orm.PersistenceUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.hibernate.Session;

/**
 * The results database is H2 (a file under the data directory) unless PostgreSQL is switched on
 * at run time (profile "postgresql"); both are built in, the active one is picked here.
 */
public class StoreSession {

    @Inject
    @DataSource("postgresql")
    InjectableInstance<AgroalDataSource> postgresql;

    @Inject
    @PersistenceUnit("h2")
    InjectableInstance<Session> h2Session;

    @Inject
    @PersistenceUnit("postgresql")
    InjectableInstance<Session> postgresqlSession;

    @Produces
    @ApplicationScoped
    Session session() {
        return postgresql.getHandle().getBean().isActive() ? postgresqlSession.get() : h2Session.get();
    }
}
