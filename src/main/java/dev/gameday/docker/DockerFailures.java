package dev.gameday.docker;

import com.fasterxml.jackson.core.JacksonException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Turns what a docker-java call threw into what the service reports, naming the engine and what was
 * being done: the engine's refusal (403: a socket proxy), its failure, or no answer at all. Only a
 * failure of the transport (an I/O error somewhere in its causes: refused, reset, timed out, a TLS
 * alert) means that the engine did not answer and that the next call should connect afresh. Anything
 * else is a bug, here or in docker-java, and is reported as one, with its stack trace.
 */
final class DockerFailures {

    private static final Pattern MESSAGE = Pattern.compile("\\{\\s*\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** docker-java's HTTP transports, the zerodep one's shaded Apache HttpClient among them. */
    private static final List<String> TRANSPORT_PACKAGES = List.of("com.github.dockerjava.zerodep.",
            "com.github.dockerjava.transport.", "com.github.dockerjava.httpclient5.");

    private final DockerConfig config;

    DockerFailures(DockerConfig config) {
        this.config = config;
    }

    /**
     * Whether the failure is the transport's: an I/O error among its causes, or one thrown inside the
     * HTTP transport itself (its connection pool shut down under a call, when a reconnect closed the
     * client the call was made on). An answer that could not be read (JSON) came from somewhere: that is
     * a client that does not understand the engine, not an engine that is gone.
     */
    static boolean transport(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof JacksonException) {
                return false;
            }
            if (e instanceof IOException || thrownByTheTransport(e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean thrownByTheTransport(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && TRANSPORT_PACKAGES.stream().anyMatch(trace[0].getClassName()::startsWith);
    }

    /** What to throw for {@code failure} of the call that was to {@code what} ("pause container 1f3c"). */
    RuntimeException translate(String what, RuntimeException failure) {
        if (failure instanceof DockerException e) {
            return refusedOrFailed(what, e);
        }
        if (failure instanceof DockerClientException e && !transport(e)) { // docker-java's own: a wait that ran out, say
            return new DockerOperationException("Docker at " + config.host() + ": could not " + what + ": "
                    + e.getMessage());
        }
        if (!transport(failure)) {
            Log.errorf(failure, "a bug while trying to %s on Docker at %s (not the engine: it was not asked, or it "
                    + "answered)", what, config.host());
            return new IllegalStateException("a bug while trying to " + what + " on Docker at " + config.host() + ": "
                    + failure, failure);
        }
        Optional<String> tls = TlsRefusal.explain(failure);
        if (tls.isEmpty() && config.tlsVerify() && TlsRefusal.couldHideAnAlert(failure)) {
            tls = askTheEngine();
        }
        if (tls.isPresent()) {
            return new DockerUnavailableException("Docker at " + config.host() + " refused the TLS connection "
                    + "while trying to " + what + ": " + tls.get(), failure);
        }
        return new DockerUnavailableException("Docker at " + config.host() + " did not answer while trying to "
                + what + ": " + rootMessage(failure), failure);
    }

    private RuntimeException refusedOrFailed(String what, DockerException e) {
        if (e.getHttpStatus() == 403) {
            return new DockerCallRefusedException(config.host(), what, refusalMessage(e.getMessage()));
        }
        if (behindAProxyThatGetsNoAnswer(e.getHttpStatus())) {
            return new DockerUnavailableException("Docker at " + config.host() + " did not answer while trying to "
                    + what + ": the proxy in front of it answered " + e.getHttpStatus() + " ("
                    + refusalMessage(e.getMessage()) + ")", e);
        }
        return new DockerOperationException("Docker at " + config.host() + " refused to " + what + ": "
                + e.getMessage().strip());
    }

    /** The engine's verdict on our client certificate, asked on a connection of its own (see TlsRefusal). */
    private Optional<String> askTheEngine() {
        try {
            SSLContext context = DockerTls.context(config.host(), DockerTls.certPath(config), Instant.now());
            return TlsRefusal.ask(URI.create(config.host()), context, (int) Math.min(5_000,
                    config.connectTimeout().toMillis()));
        } catch (RuntimeException e) {
            return Optional.empty(); // the files changed since: the next connection says so
        }
    }

    /** An engine answers 500 when it fails; 502, 503 and 504 are a proxy's, whose engine did not answer. */
    static boolean behindAProxyThatGetsNoAnswer(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /**
     * The "message" of a refusal's JSON body ({"message":"refused by ..."}, as the engine and the
     * project's proxy write it), else the body as it came; docker-java prefixes "Status 403: ".
     */
    static String refusalMessage(String body) {
        Matcher message = MESSAGE.matcher(body);
        if (message.find()) {
            return message.group(1).replace("\\/", "/").replace("\\\"", "\"");
        }
        // HAProxy's own pages are HTML: their text, on one line
        return body.replaceFirst("^Status \\d+: ", "").replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
