package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The calls each fault makes, and the proxy's allow-list: every one of them is on it. */
class DockerCallTest {

    @Test
    void aPauseAsksToInspectPauseAndUnpause() {
        assertThat(DockerCall.of(RuntimeOperation.PAUSE)).extracting(DockerCall::toString).containsExactly(
                "GET /containers/{id}/json", "POST /containers/{id}/pause", "POST /containers/{id}/unpause");
    }

    @Test
    void everyCallOfEveryFaultIsOnTheProxysAllowListWithOrWithoutTheVersionPrefix() throws IOException {
        String config = Files.readString(Path.of("compose/docker-proxy/haproxy.cfg"));
        Arrays.stream(RuntimeOperation.values()).flatMap(operation -> DockerCall.of(operation).stream()).forEach(call -> {
            String path = call.path().replace("{id}", "3f2a9c0d1b7e");
            assertThat(allowed(config, call.method(), path)).as(call.toString()).isTrue();
            assertThat(allowed(config, call.method(), "/v1.41" + path)).as(call.toString()).isTrue();
        });
        assertThat(allowed(config, "POST", "/containers/3f2a9c0d1b7e/exec")).isFalse();
        assertThat(allowed(config, "GET", "/containers/3f2a9c0d1b7e/../../images/json")).isFalse();
    }

    /** Whether an "http-request allow if METH_X acl" line of the config lets this request through. */
    private static boolean allowed(String config, String method, String path) {
        return config.lines().map(String::strip).filter(line -> line.startsWith("http-request allow if "))
                .flatMap(line -> Arrays.stream(line.substring("http-request allow if ".length()).split("\\|\\|")))
                .map(String::strip)
                .anyMatch(rule -> rule.startsWith("METH_" + method + " ")
                        && Pattern.compile(acl(config, rule.substring(rule.indexOf(' ') + 1))).matcher(path).find());
    }

    private static String acl(String config, String name) {
        return config.lines().map(String::strip).filter(line -> line.startsWith("acl " + name + " "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElseThrow();
    }
}
