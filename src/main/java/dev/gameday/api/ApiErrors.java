package dev.gameday.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.gameday.GamedayException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where exceptions become HTTP responses: a status and an {@link ApiError}. */
public class ApiErrors {

    @ServerExceptionMapper
    public Response domain(GamedayException e) {
        Response.Status status = status(e.kind());
        if (status == Response.Status.INTERNAL_SERVER_ERROR) {
            Log.error(e.getMessage());
        }
        List<String> errors = e instanceof ExperimentResource.ValidationFailed failed
                ? failed.errors.stream().map(Object::toString).toList() : List.of();
        return json(status, new ApiError(e.kind().name().toLowerCase().replace('_', '-'), e.getMessage(), errors));
    }

    /** The HTTP status of each kind of failure, for the API and the pages alike. */
    public static Response.Status status(GamedayException.Kind kind) {
        return switch (kind) {
            case INVALID -> Response.Status.BAD_REQUEST;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case CONFLICT -> Response.Status.CONFLICT;
            case FORBIDDEN -> Response.Status.FORBIDDEN;
            case UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
            case FAILED -> Response.Status.INTERNAL_SERVER_ERROR;
        };
    }

    /**
     * A request body that is not valid JSON, or does not fit: names the field. Listed by type so it
     * wins over the built-in mapper for mismatched input.
     */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response badBody(JsonProcessingException e) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[") + ": "
                : "";
        return json(Response.Status.BAD_REQUEST, new ApiError("invalid", "request body: " + where + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException body) {
            return badBody(body);
        }
        int status = e.getResponse().getStatus();
        return json(Response.Status.fromStatusCode(status),
                new ApiError(Response.Status.fromStatusCode(status).name().toLowerCase().replace('_', '-'), e.getMessage()));
    }

    static Response json(Response.Status status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
