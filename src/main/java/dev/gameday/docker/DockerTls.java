package dev.gameday.docker;

import com.github.dockerjava.core.util.CertificateUtils;
import com.github.dockerjava.transport.SSLConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS to a remote engine from a directory in docker's layout: ca.pem (the only CA the engine's
 * certificate may chain to), cert.pem and key.pem (the client certificate and its key). Unlike
 * docker-java's own, it never falls back to plain HTTP when a file is missing: each of them missing,
 * unreadable, or a client certificate outside its validity, is a {@link DockerUnavailableException}
 * naming the file and why, before any connection. Key material never reaches a message.
 */
final class DockerTls {

    private final String engine;
    private final Path dir;

    private DockerTls(String engine, Path dir) {
        this.engine = engine;
        this.dir = dir;
    }

    /** The directory: gameday.docker.cert-path, else DOCKER_CERT_PATH, else ~/.docker as the docker CLI. */
    static Path certPath(DockerConfig config) {
        return Path.of(config.certPath()
                .or(() -> Optional.ofNullable(System.getenv("DOCKER_CERT_PATH")))
                .orElse(System.getProperty("user.home") + "/.docker"));
    }

    /** The TLS settings of a connection to the engine, checked now. */
    static SSLConfig sslConfig(String engine, Path dir, Instant now) {
        SSLContext context = context(engine, dir, now);
        return () -> context;
    }

    /** {@code now} decides whether the client certificate is valid (a test can go back in time). */
    static SSLContext context(String engine, Path dir, Instant now) {
        return new DockerTls(engine, dir).context(now);
    }

    private SSLContext context(Instant now) {
        String ca = read("ca.pem");
        String cert = read("cert.pem");
        String key = read("key.pem");
        X509Certificate client = certificate(cert);
        if (now.isAfter(client.getNotAfter().toInstant())) {
            throw problem("the client certificate cert.pem (" + client.getSubjectX500Principal().getName()
                    + ") expired at " + client.getNotAfter().toInstant() + ": the engine would refuse it; renew it");
        }
        if (now.isBefore(client.getNotBefore().toInstant())) {
            throw problem("the client certificate cert.pem (" + client.getSubjectX500Principal().getName()
                    + ") is not valid before " + client.getNotBefore().toInstant() + " (is this host's clock right?)");
        }
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(key, cert), new char[0]);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(ca));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw problem("cannot set up TLS: " + e.getClass().getSimpleName());
        }
    }

    private String read(String file) {
        Path path = dir.resolve(file);
        if (!Files.isReadable(path)) {
            throw problem((Files.exists(path) ? "cannot read " : "there is no ") + file
                    + " (the engine's CA in ca.pem, the client certificate in cert.pem, its key in key.pem)");
        }
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw problem("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private X509Certificate certificate(String pem) {
        List<X509Certificate> certificates = certificates("cert.pem", pem);
        return certificates.get(0);
    }

    private List<X509Certificate> certificates(String file, String pem) {
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            if (!certificates.isEmpty()) {
                return certificates;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // said below
        }
        throw problem(file + " holds no PEM certificate");
    }

    private KeyStore keyStore(String keyPem, String certPem) {
        PrivateKey key;
        try {
            // docker-java's reader (Bouncy Castle's parser): PKCS#1, PKCS#8 and EC keys, as openssl writes them
            key = CertificateUtils.loadPrivateKey(keyPem);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            key = null; // the exception's own message could quote the file
        }
        if (key == null) {
            throw problem("key.pem holds no PEM private key");
        }
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("docker", key, new char[0],
                    certificates("cert.pem", certPem).toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw problem("key.pem does not go with cert.pem: " + e.getClass().getSimpleName());
        }
    }

    private KeyStore trustStore(String caPem) {
        try {
            KeyStore store = emptyStore();
            int n = 0;
            for (X509Certificate ca : certificates("ca.pem", caPem)) {
                store.setCertificateEntry("ca-" + n++, ca);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw problem("ca.pem cannot be trusted: " + e.getClass().getSimpleName());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new KeyStoreException(e);
        }
        return store;
    }

    private DockerUnavailableException problem(String why) {
        return new DockerUnavailableException("TLS to Docker at " + engine + " (gameday.docker.cert-path " + dir + "): "
                + why, null);
    }
}
