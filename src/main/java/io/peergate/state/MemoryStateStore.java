package io.peergate.state;

import java.util.List;

/** Keeps runtime changes for the life of the process only: a restart forgets them. */
public final class MemoryStateStore implements StateStore {

    private volatile List<StoredChange> changes = List.of();

    @Override
    public List<StoredChange> load() {
        return changes;
    }

    /** Writes the whole set of changes the node holds after {@code delta}. */
    @Override
    public long write(StateDelta delta) {
        write(delta.after());
        return 0;
    }

    /** Replaces what is stored with {@code changes}. */
    public void write(List<StoredChange> changes) {
        this.changes = List.copyOf(changes);
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public String location() {
        return "memory (lost at restart)";
    }

}
