package io.peergate.cluster;

import java.time.Instant;

/**
 * A node of the cluster as it registers itself: its id, where the others reach its mesh
 * server (port 0 while it has none), when it started, and a token that tells two
 * processes claiming one id apart.
 */
public record ClusterMember(String id, String meshHost, int meshPort, Instant startedAt, String instance) {

    /** Whether other nodes can link to it. */
    public boolean meshReachable() {
        return meshHost != null && !meshHost.isEmpty() && meshPort > 0;
    }

}
