package io.peergate.backbone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the backbone hub is built from.
 *
 * @param dedupWindow recent packet hashes the relay remembers to drop duplicates
 * @param recentEvents recent events kept for the actuator
 * @param servers the server interfaces, in configuration order
 * @param links the client links, in configuration order
 * @param relayMode flood every frame, or learn where destinations and links are
 * @param routeTtl how long a learned destination, transport id or idle link is kept
 * @param routeTableSize the most entries each learned table holds
 */
public record BackboneSpec(int dedupWindow, int recentEvents, List<ServerInterfaceSpec> servers,
        List<ClientLinkSpec> links, RelayMode relayMode, Duration routeTtl, int routeTableSize) {

    /** This hub with {@code server} added after the configured server interfaces. */
    public BackboneSpec withServer(ServerInterfaceSpec server) {
        List<ServerInterfaceSpec> all = new ArrayList<>(servers);
        all.add(server);
        return new BackboneSpec(dedupWindow, recentEvents, all, links, relayMode, routeTtl, routeTableSize);
    }

}
