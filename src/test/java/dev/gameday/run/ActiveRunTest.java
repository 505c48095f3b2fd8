package dev.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ActiveRunTest {

    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    static ActiveRun run() {
        var parsed = DefinitionParser.parse("test", """
                name: one-pause
                steps:
                  - fault: pause
                    target: { role: broker, id: 2 }
                    at: 0s
                    duration: 5s
                """, Experiment.class);
        assertThat(parsed.errors()).isEmpty();
        return new ActiveRun("run-1", parsed.value(), "test", 7, null, AT);
    }

    /**
     * Race (b): the run thread notes its step injected while an abort notes it reverted. The run
     * thread is held inside its update, after it has read the step and before it writes it; the
     * abort's update must wait for it instead of being overwritten by it.
     */
    @Test
    void aStepNotedInjectedAndRevertedAtOnceKeepsBoth() throws Exception {
        ActiveRun run = run();
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch write = new CountDownLatch(1);
        Thread runThread = new Thread(() -> run.updateStep(0, step -> {
            read.countDown();
            awaitQuietly(write);
            return step.injected("fault-1", List.of("kafka-2"), AT);
        }), "run");
        runThread.start();
        assertThat(read.await(10, TimeUnit.SECONDS)).as("the run thread inside its update").isTrue();

        Thread abort = new Thread(() -> run.updateStep(0, step -> step.reverted(AT.plusSeconds(1))), "abort");
        abort.start();
        Awaitility.await("the abort's update waiting for the run thread's").atMost(Duration.ofSeconds(10))
                .until(() -> abort.getState() == Thread.State.BLOCKED);
        write.countDown();
        runThread.join(10_000);
        abort.join(10_000);

        StepReport step = run.step(0);
        assertThat(step.faultId()).isEqualTo("fault-1");
        assertThat(step.injectedAt()).isEqualTo(AT);
        assertThat(step.revertedAt()).isEqualTo(AT.plusSeconds(1));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
