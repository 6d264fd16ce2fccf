package io.peergate.state;

import java.util.List;

/**
 * One change to what is stored, as a store makes it: the changes put (new or replacing
 * the ones under their keys), the keys removed, or everything removed at once, and the
 * whole set this node will hold afterwards (what a store that writes everything at once
 * writes).
 */
public record StateDelta(List<StoredChange> puts, List<String> removals, boolean clearAll, List<StoredChange> after) {

    public StateDelta {
        puts = List.copyOf(puts);
        removals = List.copyOf(removals);
        after = List.copyOf(after);
    }

}
