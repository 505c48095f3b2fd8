package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class DockerFailuresTest {

    final DockerFailures failures = new DockerFailures(LocalDocker.config("unix:///var/run/docker.sock"));

    @Test
    void onlyAnIoErrorAmongTheCausesIsTheTransports() {
        assertThat(DockerFailures.transport(new RuntimeException(new SocketException("Connection refused")))).isTrue();
        assertThat(DockerFailures.transport(new UncheckedIOException(new SocketTimeoutException("Read timed out"))))
                .isTrue();
        assertThat(DockerFailures.transport(new NullPointerException("container.getState() is null"))).isFalse();
        assertThat(DockerFailures.transport(new IllegalArgumentException("no such option"))).isFalse();
        assertThat(DockerFailures.transport(new RuntimeException(new JsonParseException(null, "Unexpected token"))))
                .as("an answer that could not be read").isFalse();
        IllegalStateException poolShutDown = new IllegalStateException("Connection pool shut down");
        poolShutDown.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "com.github.dockerjava.zerodep.shaded.org.apache.hc.core5.util.Asserts", "check", "Asserts.java", 69)});
        assertThat(DockerFailures.transport(poolShutDown)).as("a client closed under a call by a reconnect").isTrue();
    }

    @Test
    void aBugInsideADockerCallIsReportedAsABugNotAsAnEngineThatIsGone() {
        NullPointerException bug = new NullPointerException("container.getState() is null");

        RuntimeException reported = failures.translate("inspect container 1f3c", bug);

        assertThat(reported).isInstanceOf(IllegalStateException.class).isNotInstanceOf(DockerUnavailableException.class)
                .hasCause(bug)
                .hasMessage("a bug while trying to inspect container 1f3c on Docker at unix:///var/run/docker.sock: "
                        + "java.lang.NullPointerException: container.getState() is null");
    }

    @Test
    void noAnswerRefusalAndFailureNameTheEngineAndTheCall() {
        assertThat(failures.translate("pause container 1f3c", new RuntimeException(new IOException("Broken pipe"))))
                .isInstanceOf(DockerUnavailableException.class)
                .hasMessage("Docker at unix:///var/run/docker.sock did not answer while trying to pause container 1f3c: "
                        + "IOException: Broken pipe");
        assertThat(failures.translate("pause container 1f3c",
                new DockerException("{\"message\":\"refused by the gameday socket proxy\"}", 403)))
                .isInstanceOf(DockerCallRefusedException.class).hasMessageContaining("refused by the gameday socket proxy");
        assertThat(failures.translate("pause container 1f3c", new DockerException("<h1>503</h1>", 503)))
                .isInstanceOf(DockerUnavailableException.class).hasMessageContaining("the proxy in front of it answered 503");
        assertThat(failures.translate("wait for the helper container",
                new DockerClientException("Awaiting status code timeout.")))
                .isInstanceOf(DockerOperationException.class)
                .hasMessage("Docker at unix:///var/run/docker.sock: could not wait for the helper container: Awaiting "
                        + "status code timeout.");
        assertThat(failures.translate("pause container 1f3c", new DockerException("cannot pause", 500)))
                .isInstanceOf(DockerOperationException.class)
                .hasMessage("Docker at unix:///var/run/docker.sock refused to pause container 1f3c: Status 500: cannot pause");
    }
}
