package io.peergate.state;

import java.util.List;

/**
 * Everything a shared store holds at one revision: the changes, each with the revision
 * that last wrote it.
 */
public record StateSnapshot(long revision, List<StoredChange> changes) {

    public StateSnapshot {
        changes = List.copyOf(changes);
    }

}
