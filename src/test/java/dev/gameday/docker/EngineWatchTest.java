package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.FakeTime;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The engine gone and back, as the pings and readiness see it; the service told once when it is back. */
class EngineWatchTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    final RecordingRuntime runtime = new RecordingRuntime();
    final FakeTime time = new FakeTime(T0);
    final List<EngineWatch.Returned> returned = new ArrayList<>();
    final EngineWatch watch = new EngineWatch(runtime, time, new Recorded(returned));
    final DockerReadiness readiness = new DockerReadiness(runtime, watch);

    @Test
    void readinessIsDownNamingTheEngineWhileItIsGoneAndTheServiceIsToldOnceWhenItIsBack() {
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        runtime.engineGone(true); // dockerd stopped
        time.advance(Duration.ofSeconds(2));
        watch.ping();
        time.advance(Duration.ofSeconds(2));
        HealthCheckResponse down = readiness.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData().orElseThrow())
                .containsEntry("endpoint", "fake://docker")
                .containsEntry("down-since", "2026-11-28T10:00:02Z");
        assertThat(down.getData().orElseThrow().get("error").toString()).startsWith("Docker at fake://docker did not answer");
        assertThat(returned).isEmpty();

        runtime.engineGone(false); // started again
        time.advance(Duration.ofSeconds(5));
        watch.ping();
        watch.ping();

        assertThat(returned).containsExactly(new EngineWatch.Returned("fake://docker", Duration.ofSeconds(7)));
        assertThat(watch.downSince()).isEmpty();
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    /** A CDI event that records what is fired. */
    record Recorded(List<EngineWatch.Returned> fired) implements Event<EngineWatch.Returned> {
        public void fire(EngineWatch.Returned event) {
            fired.add(event);
        }

        public <U extends EngineWatch.Returned> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        public <U extends EngineWatch.Returned> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        public Event<EngineWatch.Returned> select(Annotation... qualifiers) {
            return this;
        }

        public <U extends EngineWatch.Returned> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        public <U extends EngineWatch.Returned> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
