package dev.gameday.probe;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Client settings that keep the probes' measurement fine. With Kafka's defaults a client backs off up
 * to 1 s between retries and between dials of a dead broker, refreshes its view of the partition
 * leaders after such failures or else every 5 minutes, and gives up a dial to an address that no
 * longer answers only after socket.connection.setup.timeout.ms (10 s): the probes would report those
 * waits as the cluster's unavailability. With these a probe retries, re-dials and re-reads the
 * partition leaders every 100 ms, its resolution. An operator's own values
 * ({@code gameday.kafka.client."..."}) win.
 */
final class ProbeClientDefaults {

    static final Map<String, Object> VALUES = Map.of(
            CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 100L,
            CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100L,
            CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 100L);

    private ProbeClientDefaults() {}

    static void applyTo(Map<String, Object> props) {
        VALUES.forEach(props::putIfAbsent);
    }
}
