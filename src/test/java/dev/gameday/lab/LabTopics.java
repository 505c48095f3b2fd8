package dev.gameday.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The topics a test class makes in the shared test lab, deleted when the class is done, so that no
 * class runs on another's leftovers (a replication-factor-1 topic left behind goes offline with the
 * next broker kill, whatever test kills it). Register with
 * {@code @RegisterExtension static final LabTopics topics = new LabTopics();}.
 */
public final class LabTopics implements AfterAllCallback {

    private final List<String> names = new ArrayList<>();

    /** @param madeByTheService topics the service under test creates (its probe topics), deleted after the class */
    public LabTopics(String... madeByTheService) {
        names.addAll(List.of(madeByTheService));
    }

    /** Creates the topics as the admin, and deletes them after the class. */
    public void create(NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(Lab.get().adminConfig())) {
            for (NewTopic topic : topics) {
                track(topic.name());
            }
            admin.createTopics(List.of(topics)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A topic something else creates (a probe, the code under test): deleted after the class. */
    public synchronized String track(String name) {
        names.add(name);
        return name;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        if (names.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Lab.get().adminConfig())) {
            for (String name : names) {
                try {
                    admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e; // never created (the test failed before) is fine; anything else is not
                    }
                }
            }
        }
        names.clear();
    }
}
