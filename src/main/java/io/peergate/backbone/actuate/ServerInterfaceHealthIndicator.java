package io.peergate.backbone.actuate;

import io.peergate.backbone.ServerInterface;
import io.peergate.support.Addresses;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while a server interface's port is bound, DOWN otherwise. */
public class ServerInterfaceHealthIndicator implements HealthIndicator {

    private final ServerInterface server;

    public ServerInterfaceHealthIndicator(ServerInterface server) {
        this.server = server;
    }

    @Override
    public Health health() {
        return server.boundAddress()
            .map(address -> Health.up()
                .withDetail("mode", "server")
                .withDetail("address", Addresses.hostPort(address))
                .withDetail("live", server.live())
                .withDetail("maxConnections", server.settings().current().maxConnections())
                .build())
            .orElseGet(() -> Health.down().withDetail("mode", "server").withDetail("reason", "port not bound").build());
    }

}
