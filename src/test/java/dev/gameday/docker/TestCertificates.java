package dev.gameday.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The certificates of {@link DockerProxy#mutualTls()}, made with openssl into its directory: a test
 * CA, the proxy's certificate and a good client directory (by compose/certs.sh docker, as for the
 * lab), and the bad ones: a client of another CA, an expired client (2020, through {@code openssl ca},
 * since {@code openssl x509 -days} cannot go back) and a good client that trusts the other CA.
 */
final class TestCertificates {

    private TestCertificates() {}

    static void make(Path dir) throws IOException {
        Path ca = dir.resolve("ca");
        run(dir, Map.of("GAMEDAY_SECRETS_DIR", ca.toString(), "LAB_NAME", "gdproxy"), "bash",
                Path.of("compose/certs.sh").toAbsolutePath().toString(), "docker");
        Files.copy(ca.resolve("docker-proxy.pem"), dir.resolve("server.pem"));
        Path clients = Files.createDirectories(dir.resolve("clients"));
        copyDir(ca.resolve("docker"), clients.resolve("good"));

        Path other = Files.createDirectories(dir.resolve("other-ca"));
        run(other, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-days", "2", "-subj", "/CN=not the proxy's CA", "-keyout", "ca.key", "-out", "ca.pem");
        Path otherCa = client(clients.resolve("other-ca"), ca);
        run(otherCa, "openssl", "x509", "-req", "-days", "2", "-in", "req.csr", "-CA", other.resolve("ca.pem").toString(),
                "-CAkey", other.resolve("ca.key").toString(), "-CAcreateserial", "-out", "cert.pem");

        Path expired = client(clients.resolve("expired"), ca);
        Files.writeString(expired.resolve("ca.cnf"), """
                [ca]
                default_ca = test
                [test]
                database = index.txt
                new_certs_dir = .
                serial = serial
                default_md = sha256
                policy = any
                [any]
                commonName = supplied
                """);
        Files.writeString(expired.resolve("index.txt"), "");
        Files.writeString(expired.resolve("serial"), "01\n");
        run(expired, "openssl", "ca", "-batch", "-config", "ca.cnf", "-notext", "-startdate", "20200101000000Z",
                "-enddate", "20200102000000Z", "-cert", ca.resolve("ca.pem").toString(), "-keyfile",
                ca.resolve("ca.key").toString(), "-in", "req.csr", "-out", "cert.pem");

        Path wrongTrust = clients.resolve("wrong-trust");
        copyDir(clients.resolve("good"), wrongTrust);
        Files.copy(other.resolve("ca.pem"), wrongTrust.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A client directory with the proxy's CA in ca.pem, a key and a request; cert.pem is for the caller to sign. */
    private static Path client(Path dir, Path ca) throws IOException {
        Files.createDirectories(dir);
        Files.copy(ca.resolve("ca.pem"), dir.resolve("ca.pem"));
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=gameday", "-keyout", "key.pem", "-out", "req.csr");
        return dir;
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.copy(from.resolve(file), to.resolve(file));
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        run(dir, Map.of(), command);
    }

    private static void run(Path dir, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
