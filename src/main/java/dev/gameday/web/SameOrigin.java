package dev.gameday.web;

import dev.gameday.api.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a state change that a page of another site sent: a browser names the sending page's
 * origin on every POST, and it must be this service's own. Programs (curl, the command line) send
 * no Origin and pass; the pages' forms also carry a CSRF token, checked by {@link CsrfCheck}.
 */
public class SameOrigin {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter(preMatching = true)
    public Response refuseCrossOrigin(HttpServerRequest request) {
        if (SAFE.contains(request.method().name())) {
            return null;
        }
        String origin = request.getHeader("Origin");
        String site = request.getHeader("Sec-Fetch-Site"); // same-site too is another origin (another port)
        boolean foreign = origin != null && !sameHost(origin, request.getHeader("Host"))
                || site != null && !site.equals("same-origin") && !site.equals("none");
        if (foreign) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("forbidden", "cross-origin request refused: " + request.method() + " "
                            + request.path() + " came from " + (origin != null ? origin : "another site")
                            + ", not from this service's own pages")).build();
        }
        return null;
    }

    /** "http://127.0.0.1:8080" against the Host header "127.0.0.1:8080". */
    static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || host == null) {
                return false; // "null": a sandboxed frame, a file, a redirect across sites
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            String expected = uri.getHost() + ":" + port;
            return host.equalsIgnoreCase(expected) || (port == 80 || port == 443) && host.equalsIgnoreCase(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
