package io.peergate.backbone.actuate;

import io.peergate.backbone.ClientLink;
import io.peergate.backbone.ClientSettings;
import io.peergate.support.Addresses;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * A client link as the admin API and the actuator show it: its state ({@code connecting},
 * {@code connected}, {@code waiting}, {@code gave_up}, {@code stopped}), failed attempts
 * in a row, the last error, since when it is connected or when it tries next, and its
 * live connection (queue and drops) while up.
 */
public record LinkView(String name, String mode, String target, String state, int attempts, String lastError,
        Instant connectedSince, Instant nextAttemptAt, String peer, String remote, long framesIn, long framesOut,
        DataSize hwMtu, ClientSettings settings, ClientSettings startupSettings, ConnectionView connection) {

    public static LinkView of(ClientLink link) {
        ClientLink.Status status = link.status();
        InetSocketAddress remote = link.remote();
        return new LinkView(link.name(), "client", link.target(), status.state().name().toLowerCase(Locale.ROOT),
                status.attempts(), status.lastError(), status.connectedSince(), status.nextAttemptAt(), status.peer(),
                remote == null ? null : Addresses.hostPort(remote), link.meters().framesIn(), link.meters().framesOut(),
                DataSize.ofBytes(link.spec().hwMtu()), link.settings().current(), link.settings().startup(),
                link.connection().map(ConnectionView::of).orElse(null));
    }
}
