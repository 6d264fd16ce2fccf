package io.peergate.admin;

import io.peergate.support.Texts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;

/**
 * An admin request that cannot be carried out; the handler turns it into a
 * problem-details answer.
 */
public abstract sealed class AdminException extends RuntimeException permits AdminException.InvalidField,
        AdminException.NotFound, AdminException.Conflict, AdminException.Unavailable {

    private AdminException(String message) {
        super(message);
    }

    public abstract HttpStatus status();

    /**
     * Request fields (body, path or query) with bad values: 400. {@code errors} maps each
     * field, dotted for nested ones ({@code abuse.flapping.window}), to what is wrong
     * with it; the first one is the field the answer names.
     */
    public static final class InvalidField extends AdminException {

        private final Map<String, String> errors;

        public InvalidField(String field, String message) {
            this(Map.of(field, message));
        }

        public InvalidField(Map<String, String> errors) {
            super(errors.entrySet()
                .stream()
                .map(error -> error.getKey() + ": " + error.getValue())
                .collect(Collectors.joining("; ")));
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid request names at least one field");
            }
            this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }

        /** A JSON value that did not fit its field: named by its path in the body. */
        public static InvalidField of(JacksonException e) {
            String field = e.getPath()
                .stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
            return new InvalidField(field.isEmpty() ? "body" : field, "has a value of the wrong type or format");
        }

        public Map<String, String> errors() {
            return errors;
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.BAD_REQUEST;
        }

    }

    /** An interface, torrent or peer that does not exist: 404. */
    public static final class NotFound extends AdminException {

        public NotFound(String what, String id) {
            super("Unknown " + what + " " + Texts.quote(id));
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.NOT_FOUND;
        }

    }

    /**
     * A well-formed change that cannot apply in the node's current state; nothing was
     * changed: 409.
     */
    public static final class Conflict extends AdminException {

        public Conflict(String message) {
            super(message);
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.CONFLICT;
        }

    }

    /**
     * The change could not be stored, so it was not made either: 503, try again once the
     * store is writable.
     */
    public static final class Unavailable extends AdminException {

        public Unavailable(String message) {
            super(message);
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }

    }

}
