package dev.gameday.lab;

import dev.gameday.docker.DockerProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real lab as {@link LabResource} does, with the service's Docker
 * calls going through the project's socket proxy over mutual TLS (compose/docker-proxy/haproxy.cfg,
 * Debian's HAProxy on a free port of this host, a client certificate of a test CA): the setup the
 * README recommends for a remote engine, on the faults and the default suite (FaultsIT, ProbeIT,
 * DefaultSuiteIT). The test code itself still reaches the lab's engine directly.
 */
public class ProxiedLabResource implements QuarkusTestResourceLifecycleManager {

    private static volatile DockerProxy proxy;

    /** The requests the proxy of the running test application passed or refused, one line each (HAProxy's log). */
    public static List<String> requests() throws IOException {
        return proxy.log().lines().filter(line -> line.contains(" docker~ ")).toList();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(Lab.get().serviceConfig());
        proxy = DockerProxy.mutualTls();
        config.putAll(proxy.serviceConfig());
        System.out.println("[lab] the service reaches Docker through the socket proxy at " + proxy.host()
                + " (mutual TLS); its requests are logged in " + proxy.logFile());
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
