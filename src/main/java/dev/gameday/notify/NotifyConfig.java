package dev.gameday.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Webhooks told of every run's end: {@code gameday.notify.webhooks.<name>.url} and {@code .kind}. */
@ConfigMapping(prefix = "gameday.notify")
public interface NotifyConfig {

    /** By name; the name is the metrics' tag and the logs' word for it. None by default. */
    Map<String, Webhook> webhooks();

    /** Tries per notification, the first included. */
    @WithDefault("3")
    int attempts();

    /** Wait before the second try; doubled before each further one. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** Longest connect, and longest wait for the answer, of one try. */
    @WithDefault("5s")
    Duration timeout();

    /** Notifications waiting or being tried at most; past it a new one is dropped and counted as failed. */
    @WithDefault("100")
    int queueSize();

    /** Where people reach the service's pages, for links in the messages: http://gameday.example:8080 */
    Optional<String> baseUrl();

    interface Webhook {
        String url();

        /** json: the run as a JSON document; slack: Slack's incoming-webhook {"text": ...} */
        @WithDefault("json")
        Kind kind();
    }

    enum Kind { JSON, SLACK }
}
