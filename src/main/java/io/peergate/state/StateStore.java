package io.peergate.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runtime changes are kept between restarts. Implementations write the whole set of
 * changes at once, atomically: after {@link #write} returns, a restart reads exactly what
 * was written; if it throws, what was stored before is still there.
 */
public interface StateStore {

    /**
     * The stored changes, in the order they were first made; empty when nothing is stored
     * yet.
     * @throws StateFileException when what is stored cannot be read
     */
    List<StoredChange> load();

    /**
     * Replaces what is stored with {@code changes}.
     * @throws StateWriteException when it could not be written; what was stored before
     * stays
     */
    void write(List<StoredChange> changes);

    /**
     * When what is stored now was written, if the store knows (a file's modification
     * time); read once at startup.
     */
    default Optional<Instant> lastWritten() {
        return Optional.empty();
    }

    /** {@code file} or {@code memory}. */
    String kind();

    /** Where the changes are kept, for logs and the actuator. */
    String location();

}
