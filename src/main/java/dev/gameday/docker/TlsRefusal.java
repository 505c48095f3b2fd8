package dev.gameday.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Why a TLS connection to the engine failed, in words a person can act on, from what the JDK's TLS
 * stack throws: the alert the engine (or its proxy) sent, or why the engine's certificate was not
 * trusted. Empty when the failure was not TLS's.
 */
final class TlsRefusal {

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

    private TlsRefusal() {}

    static Optional<String> explain(Throwable failure) {
        boolean tls = false;
        for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
            Matcher alert = ALERT.matcher(String.valueOf(e.getMessage()));
            if (alert.find()) {
                return Optional.of(alert(alert.group(1)));
            }
            if (e instanceof CertificateExpiredException) {
                return Optional.of("the engine's certificate has expired (" + e.getMessage() + ")");
            }
            if (e instanceof CertPathBuilderException || String.valueOf(e.getMessage()).contains("PKIX path")) {
                return Optional.of("the engine's certificate is not signed by the CA in ca.pem (unknown CA)");
            }
            if (String.valueOf(e.getMessage()).contains("No subject alternative")) {
                return Optional.of("the engine's certificate does not name the host it was reached at ("
                        + e.getMessage() + ")");
            }
            if (String.valueOf(e.getMessage()).contains("Unsupported or unrecognized SSL message")) {
                return Optional.of("the engine does not speak TLS on that port (plain HTTP: set tls-verify to false, "
                        + "or use its TLS port)");
            }
            tls |= e instanceof SSLException;
        }
        return tls ? Optional.of("the TLS handshake failed (" + failure.getMessage() + ")") : Optional.empty();
    }

    /**
     * Whether a failure could hide the engine's refusal: with TLS 1.3 the client's handshake ends before
     * the server has judged the client certificate, so the client writes its request, and the alert the
     * server sent may be lost to a broken pipe or a reset on that write.
     */
    static boolean couldHideAnAlert(Throwable failure) {
        for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
            if (e instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks the engine at {@code engine} (tcp://host:port) for its verdict on our certificate: a handshake,
     * then a read before anything is written, so that an alert is read rather than lost. Empty when the
     * engine accepted the connection (it waits for a request until {@code timeout}) or did not answer.
     */
    static Optional<String> ask(URI engine, SSLContext context, int timeoutMillis) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(engine.getHost(), engine.getPort()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.startHandshake();
            socket.getInputStream().read();
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            return Optional.empty(); // accepted: the engine waits for a request
        } catch (SSLException e) {
            return explain(e);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A TLS alert the engine sent: it refused us, and what it refused. */
    private static String alert(String name) {
        String why = switch (name) {
            case "certificate_expired" -> "the client certificate has expired";
            case "unknown_ca" -> "the client certificate is not signed by a CA the engine trusts";
            // the JDK sends no certificate whose issuer is not among the CAs the server names: ours is not
            case "certificate_required" -> "the engine requires a client certificate signed by a CA it trusts, and "
                    + "cert.pem is not (or there was none)";
            case "bad_certificate", "unsupported_certificate", "certificate_unknown" ->
                    "the engine does not accept the client certificate";
            case "certificate_revoked" -> "the client certificate has been revoked";
            case "handshake_failure" -> "the engine refused the handshake (no client certificate, or no cipher "
                    + "both sides support)";
            case "protocol_version" -> "the engine and the service share no TLS version";
            default -> "the engine refused the TLS handshake";
        };
        return why + " (TLS alert " + name + ")";
    }
}
