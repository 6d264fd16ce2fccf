package io.peergate.backbone;

import java.util.List;

/**
 * What the backbone hub is built from.
 *
 * @param dedupWindow recent packet hashes the relay remembers to drop duplicates
 * @param recentEvents recent events kept for the actuator
 * @param servers the server interfaces, in configuration order
 * @param links the client links, in configuration order
 */
public record BackboneSpec(int dedupWindow, int recentEvents, List<ServerInterfaceSpec> servers,
        List<ClientLinkSpec> links) {
}
