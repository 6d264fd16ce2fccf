package io.peergate.backbone.actuate;

import io.peergate.backbone.BackboneEvent;
import io.peergate.support.Addresses;
import io.peergate.support.Durations;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A backbone event as the actuator shows it: when, what, where, who, and a reason
 * (disconnect or reject reason, or the abuse rule) with the rest in {@code detail}.
 */
public record EventView(Instant at, String type, String interfaceName, String peer, String remote, String reason,
        String detail) {

    public static EventView of(BackboneEvent event) {
        if (event instanceof BackboneEvent.PeerConnected e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), e.peer(), text(e.remote()), null, null);
        }
        if (event instanceof BackboneEvent.PeerDisconnected e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), e.peer(), text(e.remote()), e.reason().tag(),
                    "connected for " + Durations.format(e.connectedFor()) + (e.receivedData() ? "" : ", sent nothing"));
        }
        if (event instanceof BackboneEvent.PeerIdleTimeout e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), e.peer(), text(e.remote()), "idle-timeout",
                    "sent nothing in " + Durations.format(e.connectedFor()));
        }
        if (event instanceof BackboneEvent.PeerWriteStall e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), e.peer(), text(e.remote()), "write-stall",
                    e.pendingBytes() + " bytes queued");
        }
        if (event instanceof BackboneEvent.PeerRejected e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), null, text(e.remote()), e.reason().tag(),
                    e.reason() == BackboneEvent.RejectReason.BLACKLISTED ? e.rejects() + " rejects" : null);
        }
        if (event instanceof BackboneEvent.LinkUp e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), e.peer(), text(e.remote()), null,
                    e.attempt() == 0 ? "first connect" : "after " + e.attempt() + " attempt(s)");
        }
        if (event instanceof BackboneEvent.LinkDown e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), e.peer(), text(e.remote()), e.reason().tag(),
                    "connected for " + Durations.format(e.connectedFor())
                            + (e.receivedData() ? "" : ", received nothing")
                            + (e.countedAsFailure() ? ", counted as a failed attempt" : ""));
        }
        if (event instanceof BackboneEvent.LinkConnectFailed e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), null, e.target(), "connect-failed",
                    "attempt " + e.attempt() + ": " + e.error());
        }
        if (event instanceof BackboneEvent.LinkGaveUp e) {
            return new EventView(e.at(), e.type(), e.interfaceName(), null, e.target(), "gave-up",
                    e.attempts() + " attempts, last error: " + e.lastError());
        }
        BackboneEvent.Penalty e = (BackboneEvent.Penalty) event;
        return new EventView(e.at(), e.type(), e.interfaceName(), null, e.ip().getHostAddress(), e.rule(),
                "level " + e.level() + ", blacklisted for " + Durations.format(e.duration()));
    }

    private static String text(InetSocketAddress address) {
        return Addresses.hostPort(address);
    }
}
