package io.peergate.admin;

import org.springframework.http.HttpStatus;

/** An admin request that cannot be carried out; the handler turns it into a problem-details answer. */
public abstract sealed class AdminException extends RuntimeException
        permits AdminException.InvalidField, AdminException.NotFound, AdminException.Conflict {

    private AdminException(String message) {
        super(message);
    }

    public abstract HttpStatus status();

    /** A request field (body, path or query) that has a bad value: 400, naming the field. */
    public static final class InvalidField extends AdminException {
        private final String field;

        public InvalidField(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.BAD_REQUEST;
        }
    }

    /** An interface, torrent or peer that does not exist: 404. */
    public static final class NotFound extends AdminException {
        public NotFound(String what, String id) {
            super("Unknown " + what + " '" + id + "'");
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.NOT_FOUND;
        }
    }

    /** A well-formed change that cannot apply in the node's current state; nothing was changed: 409. */
    public static final class Conflict extends AdminException {
        public Conflict(String message) {
            super(message);
        }

        @Override
        public HttpStatus status() {
            return HttpStatus.CONFLICT;
        }
    }
}
