package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.FakeTime;
import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.NetemSupport;
import dev.gameday.kafka.TestKafkaConfig;
import dev.gameday.run.Preflight;
import dev.gameday.target.TargetResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's runtime through the project's socket proxy (real HAProxy, real Docker): over mutual
 * TLS it does everything a fault needs to a throwaway container of its own; every other kind of call
 * (exec, images, volumes, networks, swarm) is refused; a bad client certificate makes readiness DOWN
 * naming why; a call a fault needs and the proxy refuses, or an engine that does not answer, is
 * refused by the preflight before anything is injected.
 */
class DockerProxyIT {

    static final String CLUSTER = "proxyit-" + UUID.randomUUID().toString().substring(0, 8);
    static final String TEST_LABEL = "gameday.test.docker-proxy";

    static DockerProxy proxy;
    static String target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startProxyAndTarget() throws Exception {
        proxy = DockerProxy.mutualTls();
        // the throwaway target, made on the engine directly: the allow-list labels, of a cluster no lab has
        target = docker("run", "-d", "--label", TEST_LABEL + "=" + CLUSTER, "--label", "gameday.target=true",
                "--label", "gameday.cluster=" + CLUSTER, "--name", CLUSTER, "alpine:3.17", "sleep", "600");
    }

    @AfterAll
    static void stopProxyAndTarget() throws Exception {
        if (target != null) {
            docker("rm", "-f", target);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void theRuntimeDoesEveryFaultsCallsThroughTheProxyOverMutualTls() throws Exception {
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(
                proxy.config(Optional.of(proxy.certs(DockerProxy.Client.GOOD))))) {
            runtime.ping();
            for (RuntimeOperation operation : RuntimeOperation.values()) {
                assertThat(runtime.unsupported(operation)).as(operation.name()).isEmpty();
            }
            assertThat(runtime.list(Map.of(TEST_LABEL, CLUSTER))).extracting(ContainerInfo::id).containsExactly(target);

            runtime.pause(target);
            assertThat(runtime.inspect(target).state()).isEqualTo(ContainerState.PAUSED);
            runtime.unpause(target);
            runtime.updateCpuQuota(target, 50_000, 100_000);
            assertThat(runtime.inspect(target).cpuQuotaMicros()).isEqualTo(50_000);
            runtime.updateCpuQuota(target, -1, 100_000);
            runtime.kill(target, "SIGKILL");
            assertThat(runtime.inspect(target).state()).isEqualTo(ContainerState.EXITED);
            runtime.start(target);
            runtime.stop(target, Duration.ZERO);
            assertThat(runtime.inspect(target).state()).isEqualTo(ContainerState.EXITED);
            runtime.start(target);
            runtime.restart(target, Duration.ZERO);
            assertThat(runtime.inspect(target).state()).isEqualTo(ContainerState.RUNNING);

            // a helper in the target's network namespace: create, start, wait, logs (it failed), delete
            HelperResult helper = runtime.runInNetworkOf(target, List.of("bash", "-c", "ip -o link show lo; exit 3"));
            assertThat(helper.exitCode()).isEqualTo(3);
            assertThat(helper.output()).contains("lo:");
        }
        assertThat(proxy.log()).doesNotContain(" 403 ");
    }

    @Test
    void everyOtherKindOfCallIsRefusedNamingIt() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(context(proxy.certs(DockerProxy.Client.GOOD))).build();
        String base = "https://127.0.0.1:" + proxy.port();
        List<String> refused = List.of(
                "POST /containers/" + target + "/exec", "POST /v1.41/containers/" + target + "/exec",
                "PUT /containers/" + target + "/archive", "GET /containers/" + target + "/export",
                "POST /containers/" + target + "/attach", "POST /commit", "POST /containers/prune",
                "GET /images/json", "POST /images/create", "DELETE /images/alpine:3.17", "POST /build",
                "GET /volumes", "POST /volumes/create", "DELETE /volumes/x",
                "GET /networks", "POST /networks/create", "POST /networks/bridge/connect",
                "GET /swarm", "POST /swarm/init", "GET /services", "GET /secrets",
                "GET /info", "GET /events", "POST /containers/" + target + "/../../images/create");
        List<String> wrong = new ArrayList<>();
        for (String call : refused) {
            String[] parts = call.split(" ");
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + parts[1]))
                    .method(parts[0], HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 403 || !response.body().contains("refused by the gameday socket proxy")) {
                wrong.add(call + " -> " + response.statusCode() + " " + response.body());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefusedByTheProxyAndReadinessSaysSo() throws Exception {
        // the proxy names the CAs it trusts; the JDK then sends no certificate of another, and the proxy says so
        assertThatThrownBy(() -> handshake(DockerProxy.Client.OTHER_CA)).hasMessageContaining("certificate_required");
        assertThat(readinessError(DockerProxy.Client.OTHER_CA)).isEqualTo("Docker at " + proxy.host()
                + " refused the TLS connection while trying to ping: the engine requires a client certificate signed "
                + "by a CA it trusts, and cert.pem is not (or there was none) (TLS alert certificate_required)");
    }

    @Test
    void askedOnAConnectionOfItsOwnTheProxyGivesItsVerdictBeforeAnyRequest() throws Exception {
        // what the service asks when a request's write met a broken pipe: TLS 1.3 lets a client's handshake
        // end before the proxy has judged its certificate, and the alert can be lost to that write (seen in CI)
        URI engine = URI.create(proxy.host());
        assertThat(TlsRefusal.ask(engine, context(proxy.certs(DockerProxy.Client.OTHER_CA)), 5_000)).contains(
                "the engine requires a client certificate signed by a CA it trusts, and cert.pem is not (or there "
                + "was none) (TLS alert certificate_required)");
        assertThat(TlsRefusal.ask(engine, context(proxy.certs(DockerProxy.Client.GOOD)), 1_000)).isEmpty();
    }

    @Test
    void anExpiredClientCertificateIsRefusedByTheProxyAndBeforeByTheService() throws Exception {
        assertThatThrownBy(() -> handshake(DockerProxy.Client.EXPIRED)).hasMessageContaining("certificate_expired");
        assertThat(readinessError(DockerProxy.Client.EXPIRED)).startsWith("TLS to Docker at " + proxy.host()
                + " (gameday.docker.cert-path " + proxy.certs(DockerProxy.Client.EXPIRED) + "): the client certificate "
                + "cert.pem (CN=gameday) expired at 2020-01-02T00:00:00Z");
    }

    @Test
    void noClientCertificateIsRefusedByTheProxyAndBeforeByTheService() throws Exception {
        assertThatThrownBy(() -> handshake(null)).isInstanceOf(SSLException.class)
                .hasMessageContaining("certificate_required");
        Path noCert = Files.createDirectories(dir.resolve("no-cert"));
        Files.copy(proxy.certs(DockerProxy.Client.GOOD).resolve("ca.pem"), noCert.resolve("ca.pem"));
        assertThat(readinessError(noCert)).isEqualTo("TLS to Docker at " + proxy.host() + " (gameday.docker.cert-path "
                + noCert + "): there is no cert.pem (the engine's CA in ca.pem, the client certificate in cert.pem, "
                + "its key in key.pem)");
    }

    @Test
    void aProxyCertificateOfAnotherCaIsNotTrusted() throws Exception {
        assertThat(readinessError(DockerProxy.Client.WRONG_TRUST)).startsWith("Docker at " + proxy.host()
                + " refused the TLS connection while trying to ping: the engine's certificate is not signed by the CA "
                + "in ca.pem (unknown CA)");
    }

    @Test
    void aFaultWhoseCallTheProxyRefusesIsRefusedBeforeAnythingIsInjected() throws Exception {
        try (DockerProxy noPause = DockerProxy.plain("/var/run/docker.sock", List.of("pause"));
             DockerContainerRuntime runtime = new DockerContainerRuntime(noPause.config(Optional.empty()))) {
            assertThat(preflight(runtime).problems(pauseTarget())).containsExactly("steps[0].fault: pause needs the "
                    + "container runtime (" + noPause.host() + ") to freeze a container's processes and thaw them "
                    + "(pause, unpause), but Docker at " + noPause.host() + " refuses POST /containers/{id}/pause (403: "
                    + "refused by the gameday socket proxy: POST /containers/z/pause): a socket proxy in front of the "
                    + "engine does not allow it");
            assertThat(runtime.unsupported(RuntimeOperation.KILL)).isEmpty();

            // called anyway, the refusal is typed and named; the target was not touched
            assertThatThrownBy(() -> runtime.pause(target)).isInstanceOf(DockerCallRefusedException.class)
                    .hasMessageStartingWith("Docker at " + noPause.host() + " refused to pause container " + target
                            + " (403: refused by the gameday socket proxy: POST /containers/" + target + "/pause)");
            assertThat(runtime.inspect(target).state()).isEqualTo(ContainerState.RUNNING);
        }
    }

    @Test
    void anEngineThatDoesNotAnswerBehindTheProxyIsNamedBeforeAnythingIsInjected() throws Exception {
        try (DockerProxy nowhere = DockerProxy.plain("/nonexistent/docker.sock", List.of());
             DockerContainerRuntime runtime = new DockerContainerRuntime(nowhere.config(Optional.empty()))) {
            assertThatThrownBy(() -> preflight(runtime).problems(pauseTarget()))
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("Docker at " + nowhere.host() + " did not answer while trying to ");
            assertThatThrownBy(() -> runtime.unsupported(RuntimeOperation.PAUSE))
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("Docker at " + nowhere.host() + " did not answer while trying to ask "
                            + "whether it allows GET /containers/{id}/json: the proxy in front of it answered 503");
        }
    }

    @Test
    void thePlainProxyServesTheSameAllowList() throws Exception {
        try (DockerProxy plain = DockerProxy.plain();
             DockerContainerRuntime runtime = new DockerContainerRuntime(plain.config(Optional.empty()))) {
            runtime.ping();
            assertThat(runtime.inspect(target).name()).isEqualTo(CLUSTER);
            HttpResponse<String> exec = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.port() + "/containers/" + target + "/exec"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(exec.statusCode()).isEqualTo(403);
        }
    }

    private static Experiment pauseTarget() {
        var parsed = DefinitionParser.parse("test", """
                name: proxy-pause
                steps:
                  - fault: pause
                    target: { name: %s }
                    duration: 10s
                """.formatted(CLUSTER), Experiment.class);
        assertThat(parsed.errors()).isEmpty();
        return parsed.value();
    }

    private Preflight preflight(ContainerRuntime runtime) {
        FaultFixture fixture = new FaultFixture(dir);
        TargetResolver resolver = new TargetResolver(runtime, fixture.roles, fixture.safety(),
                TestKafkaConfig.plain("kafka-1:9092", Optional.of(CLUSTER)));
        return new Preflight(runtime, new NetemSupport(runtime), resolver, fixture.roles);
    }

    private String readinessError(DockerProxy.Client client) throws Exception {
        return readinessError(proxy.certs(client));
    }

    /** The service's readiness with these certificates: DOWN, its error, which never holds key material. */
    private String readinessError(Path certs) throws Exception {
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(proxy.config(Optional.of(certs)))) {
            EngineWatch watch = new EngineWatch(runtime, new FakeTime(Instant.now()),
                    new EngineWatchTest.Recorded(new ArrayList<>()));
            HealthCheckResponse response = new DockerReadiness(runtime, watch).call();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            String error = response.getData().orElseThrow().get("error").toString();
            assertThat(error).doesNotContain("PRIVATE KEY", "BEGIN");
            if (Files.exists(certs.resolve("key.pem"))) {
                String key = Files.readString(certs.resolve("key.pem")).lines().skip(1).findFirst().orElseThrow();
                assertThat(error).doesNotContain(key.substring(0, 20));
            }
            return error;
        }
    }

    /**
     * A TLS handshake and one request with these client certificates (none: null), bypassing the
     * service's own checks (for the expired one, its context is made as of 2020-01-01).
     */
    private static void handshake(DockerProxy.Client client) throws Exception {
        SSLContext context = client == null ? trustOnly(proxy.certs(DockerProxy.Client.GOOD).resolve("ca.pem"))
                : DockerTls.context(proxy.host(), proxy.certs(client), client == DockerProxy.Client.EXPIRED
                        ? Instant.parse("2020-01-01T12:00:00Z") : Instant.now());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            // TLS 1.3: the server judges the client's certificate after the client's side of the handshake
            // and answers with an alert, which the next read reports. Writing a request first could meet
            // the closed connection ("Broken pipe") before the alert is read.
            int answer = socket.getInputStream().read();
            throw new AssertionError("the proxy kept the connection (first byte " + answer + ")");
        }
    }

    private static SSLContext context(Path certs) {
        return DockerTls.context(proxy.host(), certs, Instant.now());
    }

    private static SSLContext trustOnly(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output);
        }
        return output;
    }
}
