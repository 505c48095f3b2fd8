package dev.gameday.lab;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order the integration tests run in within each of Quarkus' groups: by class name, or by class
 * name reversed with {@code -Dgameday.it.order=reverse}, so that no test passes only because another
 * ran before it. Quarkus' own orderer still groups its tests by test profile (the pom makes this its
 * secondary orderer): an application is closed once its group is done, and a test that came after
 * another group would find it closed ("Attempting to run tests using an application which has already
 * been closed"). Reversed, the plain tests (their own service processes) also run before Quarkus'.
 */
public final class ClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        Comparator<String> byName = Comparator.naturalOrder();
        Comparator<String> order = "reverse".equals(System.getProperty("gameday.it.order")) ? byName.reversed() : byName;
        context.getClassDescriptors().sort(Comparator.comparing(d -> d.getTestClass().getName(), order));
    }
}
