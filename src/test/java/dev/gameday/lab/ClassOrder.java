package dev.gameday.lab;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order the integration tests run in: by class name, or by class name reversed with
 * {@code -Dgameday.it.order=reverse}, so that no test passes only because another ran before it.
 * Quarkus' own orderer, which groups its tests by profile to restart the application less often,
 * would decide the order otherwise whatever Failsafe is told (the pom sets quarkus.test.class-orderer).
 */
public final class ClassOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        Comparator<String> byName = Comparator.naturalOrder();
        Comparator<String> order = "reverse".equals(System.getProperty("gameday.it.order")) ? byName.reversed() : byName;
        context.getClassDescriptors().sort(Comparator.comparing(d -> d.getTestClass().getName(), order));
    }
}
