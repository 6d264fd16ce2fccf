package io.peergate.state;

import java.nio.file.Path;

/**
 * The stored runtime changes cannot be read: the node does not start rather than run
 * without them or overwrite them.
 */
public final class StateFileException extends RuntimeException {

    private final Path file;

    public StateFileException(Path file, String problem, Throwable cause) {
        super("Cannot read the stored runtime changes in " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

}
