package dev.gameday.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every error the API returns.
 *
 * @param code    stable, for programs: invalid, not-found, conflict, ...
 * @param message for people: names the thing and its state
 * @param errors  one line per problem, when there are several (validation)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String code, String message, List<String> errors) {

    public ApiError(String code, String message) {
        this(code, message, List.of());
    }
}
