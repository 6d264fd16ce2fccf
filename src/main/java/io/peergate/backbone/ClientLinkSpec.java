package io.peergate.backbone;

/**
 * What a client link is built from: the remote backbone, its largest frame, and the
 * settings it starts with.
 *
 * @param name unique interface name
 * @param host remote host
 * @param port remote port
 * @param hwMtu largest frame in bytes
 * @param settings the runtime settings at startup
 * @param mesh {@link MeshRole#OUTBOUND} for a link to another node of the cluster, else
 * {@link MeshRole#NONE}
 */
public record ClientLinkSpec(String name, String host, int port, int hwMtu, ClientSettings settings, MeshRole mesh) {
}
