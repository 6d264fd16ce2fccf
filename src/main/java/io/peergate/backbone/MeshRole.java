package io.peergate.backbone;

/**
 * The part an interface plays in a cluster's backbone mesh, where every node links to
 * every other node directly. A frame crosses the mesh once: each node sends its own
 * peers' frames out on its links to the others ({@link #OUTBOUND}), takes the others'
 * frames in on its mesh server ({@link #INBOUND}) and passes frames from the mesh only to
 * its own peers. So no frame is sent twice between two nodes, and none goes round.
 */
public enum MeshRole {

    /** An ordinary interface: its peers are this node's own. */
    NONE,

    /** The mesh server: the other nodes' links arrive here; nothing is sent on them. */
    INBOUND,

    /** This node's link to another node's mesh server. */
    OUTBOUND;

    /** Whether a frame from a peer of this role goes to a peer of role {@code to}. */
    boolean sendsTo(MeshRole to) {
        return this == NONE ? to != INBOUND : to == NONE;
    }

}
