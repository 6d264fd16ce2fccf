package io.peergate.backbone.actuate;

import io.peergate.backbone.ClientLink;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * UP while the link is connected, RECONNECTING (with its attempt count) while it tries,
 * DOWN once it gave up.
 */
public class ClientLinkHealthIndicator implements HealthIndicator {

    /** A link that is down and trying again; ranked between OUT_OF_SERVICE and UP. */
    public static final Status RECONNECTING = new Status("RECONNECTING");

    private final ClientLink link;

    public ClientLinkHealthIndicator(ClientLink link) {
        this.link = link;
    }

    @Override
    public Health health() {
        ClientLink.Status status = link.status();
        Health.Builder health = switch (status.state()) {
            case CONNECTED ->
                Health.up().withDetail("peer", status.peer()).withDetail("connectedSince", status.connectedSince());
            case CONNECTING, WAITING -> Health.status(RECONNECTING).withDetail("attempts", status.attempts());
            case GAVE_UP, STOPPED -> Health.down().withDetail("attempts", status.attempts());
        };
        health.withDetail("mode", "client")
            .withDetail("target", link.target())
            .withDetail("state", status.state().name().toLowerCase(Locale.ROOT));
        if (status.state() != ClientLink.State.CONNECTED && status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        if (status.nextAttemptAt() != null) {
            health.withDetail("nextAttemptAt", status.nextAttemptAt());
        }
        return health.build();
    }

}
