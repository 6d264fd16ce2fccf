package io.peergate.backbone;

/**
 * What a server interface is built from: where it listens, its largest frame, and the
 * settings it starts with.
 *
 * @param name unique interface name
 * @param listenAddress address to bind
 * @param port port to bind, 0 for any free one
 * @param portKey the configuration key of the port, named when the bind fails
 * @param hwMtu largest frame in bytes
 * @param settings the runtime settings at startup
 * @param mesh {@link MeshRole#INBOUND} for a cluster's mesh server, else
 * {@link MeshRole#NONE}
 */
public record ServerInterfaceSpec(String name, String listenAddress, int port, String portKey, int hwMtu,
        ServerSettings settings, MeshRole mesh) {
}
