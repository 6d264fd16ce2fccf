package io.peergate.state;

import java.util.List;

/**
 * A write of another node as a shared store announces it: its revision, which node made
 * it, and what it changed.
 */
public record PublishedDelta(long revision, String node, List<StoredChange> puts, List<String> removals,
        boolean clearAll) {

    public PublishedDelta {
        puts = List.copyOf(puts);
        removals = List.copyOf(removals);
    }

}
