package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What the JDK's TLS stack throws, in words that say what to fix; and a proxy's refusal, read from its body. */
class TlsRefusalTest {

    @Test
    void anAlertFromTheEngineSaysWhatItRefused() {
        assertThat(TlsRefusal.explain(new RuntimeException(new SSLHandshakeException(
                "Received fatal alert: certificate_expired")))).contains(
                "the client certificate has expired (TLS alert certificate_expired)");
        assertThat(TlsRefusal.explain(new SSLHandshakeException("Received fatal alert: unknown_ca"))).contains(
                "the client certificate is not signed by a CA the engine trusts (TLS alert unknown_ca)");
        assertThat(TlsRefusal.explain(new SSLHandshakeException("Received fatal alert: illegal_parameter")))
                .contains("the engine refused the TLS handshake (TLS alert illegal_parameter)");
    }

    @Test
    void anEngineCertificateOfAnotherCaIsNamedAsSuch() {
        var pkix = new SSLHandshakeException("PKIX path building failed");
        pkix.initCause(new CertificateException(new CertPathBuilderException("unable to find valid certification path")));
        assertThat(TlsRefusal.explain(new RuntimeException("wrapped", pkix)))
                .contains("the engine's certificate is not signed by the CA in ca.pem (unknown CA)");
    }

    @Test
    void aFailureThatIsNotTlsIsLeftToTheCaller() {
        assertThat(TlsRefusal.explain(new RuntimeException(new IOException("Connection refused")))).isEmpty();
    }

    @Test
    void aBrokenPipeOrAResetCouldHideTheEnginesAlertAndATimeoutCouldNot() {
        assertThat(TlsRefusal.couldHideAnAlert(new RuntimeException(new SocketException("Broken pipe"))))
                .isTrue();
        assertThat(TlsRefusal.couldHideAnAlert(new SocketException("Connection reset"))).isTrue();
        assertThat(TlsRefusal.couldHideAnAlert(new RuntimeException(new SocketTimeoutException("Read timed "
                + "out")))).isFalse();
    }

    @Test
    void aRefusalIsReadFromItsJsonMessageOrItsHtmlText() {
        assertThat(DockerFailures.refusalMessage("Status 403: {\"message\":\"refused by the gameday socket "
                + "proxy: POST \\/containers\\/z\\/exec\"}\n"))
                .isEqualTo("refused by the gameday socket proxy: POST /containers/z/exec");
        assertThat(DockerFailures.refusalMessage("Status 503: <html><body><h1>503 Service Unavailable</h1>\n"
                + "No server is available to handle this request.\n</body></html>"))
                .isEqualTo("503 Service Unavailable No server is available to handle this request.");
    }
}
