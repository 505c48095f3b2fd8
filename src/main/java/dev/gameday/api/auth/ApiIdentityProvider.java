package dev.gameday.api.auth;

import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Checks HTTP basic credentials against the users file, off the event loop (PBKDF2 is slow on purpose). */
@Startup // a missing or malformed users file stops the service at boot, naming the file and the line
@ApplicationScoped
public class ApiIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final ApiUsers users;

    public ApiIdentityProvider(ApiAuthConfig config) {
        if (!config.authEnabled()) {
            this.users = null;
            return;
        }
        this.users = ApiUsers.load(config.usersFile().orElseThrow(() -> new IllegalArgumentException(
                "gameday.api.users-file is not set (GAMEDAY_API_USERS_FILE): the API needs its users, "
                        + "or gameday.api.auth-enabled=false for a laptop lab")));
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            if (users == null) {
                throw new AuthenticationFailedException("API authentication is off");
            }
            Set<String> roles = users.authenticate(request.getUsername(), request.getPassword().getPassword())
                    .orElseThrow(() -> new AuthenticationFailedException("wrong user or password"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                    .addRoles(roles)
                    .build();
        });
    }
}
