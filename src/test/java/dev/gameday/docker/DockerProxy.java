package dev.gameday.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The project's Docker API proxy (compose/docker-proxy/haproxy.cfg) run by Debian's HAProxy as a
 * process of this host, in front of this machine's engine, on a free port of 127.0.0.1; for the
 * tests. {@link #plain()} speaks HTTP; {@link #mutualTls()} TLS that requires a client certificate
 * of a test CA, made with openssl into target/docker-proxy/. Close it to stop HAProxy.
 *
 * <p>To run a Quarkus test's service through it, add {@link #serviceConfig()} to the configuration
 * its test resource returns.
 */
public final class DockerProxy implements AutoCloseable {

    /** The client certificate directories (docker's layout: ca.pem, cert.pem, key.pem) a TLS proxy offers. */
    public enum Client {
        /** Signed by the proxy's CA, valid now. */
        GOOD,
        /** Signed by a CA the proxy does not trust; ca.pem is the right one. */
        OTHER_CA,
        /** Signed by the proxy's CA, expired in 2020. */
        EXPIRED,
        /** A good certificate, but ca.pem is the other CA: the proxy's certificate is not trusted. */
        WRONG_TRUST
    }

    private static final Path CONFIG = Path.of("compose/docker-proxy/haproxy.cfg");
    private static final String ENGINE = "/var/run/docker.sock";

    private final Path dir;
    private final int port;
    private final boolean tls;
    private final Process haproxy;

    private DockerProxy(Path dir, int port, boolean tls, Process haproxy) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.haproxy = haproxy;
    }

    /** HTTP on 127.0.0.1, in front of this machine's engine. */
    public static DockerProxy plain() {
        return start(false, ENGINE, List.of());
    }

    /** TLS on 127.0.0.1 requiring a client certificate signed by the test CA; see {@link #certs}. */
    public static DockerProxy mutualTls() {
        return start(true, ENGINE, List.of());
    }

    /**
     * A proxy that also refuses the given container actions ("pause"), or one in front of another
     * socket ("/nonexistent.sock": an engine that does not answer); plain HTTP.
     */
    public static DockerProxy plain(String engine, List<String> refusedActions) {
        return start(false, engine, refusedActions);
    }

    private static DockerProxy start(boolean tls, String engine, List<String> refusedActions) {
        Path haproxyBinary = Path.of("/usr/sbin/haproxy");
        if (!Files.isExecutable(haproxyBinary)) {
            throw new IllegalStateException("no " + haproxyBinary + ": install Debian's haproxy "
                    + "(compose/images.sh --tests does)");
        }
        try {
            Path dir = Path.of("target/docker-proxy/" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
            Files.createDirectories(dir);
            String config = Files.readString(CONFIG);
            for (String action : refusedActions) {
                config = config.replace("|" + action + "|", "|");
            }
            Files.writeString(dir.resolve("haproxy.cfg"), config);
            int port = freePort();
            List<String> tlsOptions = new ArrayList<>();
            if (tls) {
                TestCertificates.make(dir);
                tlsOptions = List.of("ssl", "crt", dir.resolve("server.pem").toString(), "verify", "required",
                        "ca-file", dir.resolve("ca/ca.pem").toString());
            }
            ProcessBuilder builder = new ProcessBuilder(haproxyBinary.toString(), "-f", "haproxy.cfg", "-db")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile());
            builder.environment().putAll(Map.of(
                    "GAMEDAY_PROXY_BIND", "127.0.0.1:" + port,
                    "GAMEDAY_PROXY_TLS", String.join(" ", tlsOptions),
                    "GAMEDAY_PROXY_ENGINE", engine));
            DockerProxy proxy = new DockerProxy(dir, port, tls, builder.start());
            proxy.awaitListening();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() {
        try {
            Awaitility.await("HAProxy listening on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!haproxy.isAlive()) {
                            throw new IllegalStateException("HAProxy exited with " + haproxy.exitValue() + ": " + log());
                        }
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** "tcp://127.0.0.1:PORT": gameday.docker.host. */
    public String host() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A directory for gameday.docker.cert-path; only for {@link #mutualTls()}. */
    public Path certs(Client client) {
        if (!tls) {
            throw new IllegalStateException("a plain proxy takes no certificates");
        }
        return dir.resolve("clients").resolve(client.name().toLowerCase().replace('_', '-'));
    }

    /** The service's configuration to reach the engine through this proxy (with the good client certificate). */
    public Map<String, String> serviceConfig() {
        return tls
                ? Map.of("gameday.docker.host", host(), "gameday.docker.tls-verify", "true",
                        "gameday.docker.cert-path", certs(Client.GOOD).toString())
                : Map.of("gameday.docker.host", host(), "gameday.docker.tls-verify", "false");
    }

    /** The same as a {@link DockerConfig}, for a runtime built by a test; {@code certs} empty for a plain proxy. */
    public DockerConfig config(Optional<Path> certs) {
        DockerConfig local = LocalDocker.config();
        return new DockerConfig() {
            public String host() {
                return DockerProxy.this.host();
            }

            public boolean tlsVerify() {
                return certs.isPresent();
            }

            public Optional<String> certPath() {
                return certs.map(Path::toString);
            }

            public Duration connectTimeout() {
                return local.connectTimeout();
            }

            public Duration responseTimeout() {
                return local.responseTimeout();
            }

            public String helperImage() {
                return local.helperImage();
            }
        };
    }

    /** Where HAProxy logs: one line per request, with its status. */
    public Path logFile() {
        return dir.resolve("haproxy.log");
    }

    /** What HAProxy logged: one line per request, with its status. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("haproxy.log"));
    }

    @Override
    public void close() {
        haproxy.destroy();
        try {
            if (!haproxy.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                haproxy.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
