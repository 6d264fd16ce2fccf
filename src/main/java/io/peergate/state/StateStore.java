package io.peergate.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runtime changes are kept between restarts. A write is atomic: after
 * {@link #write} returns, a restart reads exactly what was written; if it throws, what
 * was stored before is still there. A store shared by a cluster ({@link #shared}) also
 * gives each write a revision and lets the other nodes know of it.
 */
public interface StateStore {

    /**
     * The stored changes, in the order they were first made; empty when nothing is stored
     * yet.
     * @throws StateFileException when what is stored cannot be read
     */
    List<StoredChange> load();

    /**
     * Makes {@code delta}.
     * @return the revision a shared store gave it; 0 from a store of one node
     * @throws StateWriteException when it could not be written; what was stored before
     * stays
     */
    long write(StateDelta delta);

    /**
     * Whether other nodes share what is stored: their changes arrive through
     * {@link RuntimeState#received} and {@link RuntimeState#resync}, and expired changes
     * vanish from it on their own.
     */
    default boolean shared() {
        return false;
    }

    /**
     * When what is stored now was written, if the store knows (a file's modification
     * time); read once at startup.
     */
    default Optional<Instant> lastWritten() {
        return Optional.empty();
    }

    /** {@code file}, {@code memory} or {@code redis}. */
    String kind();

    /** Where the changes are kept, for logs and the actuator. */
    String location();

}
