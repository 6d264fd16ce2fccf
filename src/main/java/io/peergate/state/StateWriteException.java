package io.peergate.state;

/** Runtime changes could not be stored (disk full, read-only volume, ...). */
public final class StateWriteException extends RuntimeException {

    public StateWriteException(String message, Throwable cause) {
        super(message, cause);
    }

}
