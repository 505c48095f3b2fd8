package dev.gameday.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF token of the pages' forms ({inject:csrf.token} in a template): an HMAC of the user's
 * name under a key drawn at start, so a page of another site, which cannot read ours, cannot know
 * it. Checked on every POST to a page by {@link CsrfCheck}; a restart makes open pages' forms stale.
 */
@Named("csrf")
@ApplicationScoped
public class Csrf {

    static final String FIELD = "csrf-token";

    private final SecretKeySpec key;
    private final SecurityIdentity identity;

    public Csrf(SecurityIdentity identity) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.identity = identity;
    }

    /** The token of whoever is asking. */
    public String token() {
        return tokenFor(identity.isAnonymous() ? "" : identity.getPrincipal().getName());
    }

    boolean valid(String token) {
        return token != null && MessageDigest.isEqual(token().getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
