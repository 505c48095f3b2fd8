package dev.gameday.web;

import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/** Refuses a POST to a page whose form does not carry the user's {@link Csrf} token. */
public class CsrfCheck {

    /** On a resource: its POSTs are forms that must carry the token. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface Checked {}

    private final Csrf csrf;

    public CsrfCheck(Csrf csrf) {
        this.csrf = csrf;
    }

    @Checked
    @WithFormRead
    @ServerRequestFilter
    public Response check(ResteasyReactiveContainerRequestContext request) {
        if (!request.getMethod().equals("POST")) {
            return null;
        }
        Object token = ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                .getFormParameter(Csrf.FIELD, true, false);
        if (csrf.valid(token == null ? null : token.toString())) {
            return null;
        }
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("This form's CSRF token is missing or wrong (" + request.getUriInfo().getPath()
                        + "): go back, reload the page and try again.").build();
    }
}
