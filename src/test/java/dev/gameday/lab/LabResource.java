package dev.gameday.lab;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest} at the real lab, starting it if this JVM has not yet. */
public class LabResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Lab.get().serviceConfig();
    }

    @Override
    public void stop() {
        // the lab outlives each test class; Lab stops it when the JVM exits
    }
}
