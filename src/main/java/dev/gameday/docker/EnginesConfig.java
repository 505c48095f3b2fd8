package dev.gameday.docker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several Docker engines, one per failure domain, for a lab whose containers live on several hosts.
 * Empty (the default): the service talks to the one engine of {@code gameday.docker.host}. Each
 * entry names an engine and the hosts it holds, as {@code <gameday.cluster>/<gameday.host>}:
 * <pre>
 * gameday.engines.local.hosts=gdtest/host-a
 * gameday.engines.remote.host=tcp://10.0.0.2:2376
 * gameday.engines.remote.tls-verify=true
 * gameday.engines.remote.cert-path=/etc/gameday/remote
 * gameday.engines.remote.hosts=gdtest/host-b,gdtest/host-c
 * </pre>
 * An entry without {@code host} is the engine of {@code gameday.docker.host}, which also holds the
 * lab lease and the helpers that need no target. Timeouts and the helper image are those of
 * {@code gameday.docker}.
 */
@ConfigMapping(prefix = "gameday.engines")
public interface EnginesConfig {

    @WithParentName
    Map<String, Engine> engines();

    interface Engine {

        /** tcp://host:2376, unix:///...; empty: the engine of gameday.docker.host. */
        Optional<String> host();

        @WithDefault("false")
        boolean tlsVerify();

        /** Directory with ca.pem, cert.pem and key.pem. */
        Optional<String> certPath();

        /** The hosts this engine holds: "gdtest/host-b", a gameday.cluster and a gameday.host label. */
        List<String> hosts();
    }
}
