package io.peergate.backbone;

import io.peergate.support.Tagged;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened on a backbone interface. Published as a Spring application
 * event, counted in the {@code peergate.backbone.*} meters and kept in the recent-events
 * view of the actuator.
 */
public sealed interface BackboneEvent {

    Instant at();

    /** The interface it happened on. */
    String interfaceName();

    /**
     * A short name for logs and the actuator: {@code peer-connected}, {@code penalty},
     * ...
     */
    String type();

    /** A peer was admitted: it gets a unique id and the name {@code <interface>/<id>}. */
    record PeerConnected(Instant at, String interfaceName, String peer,
            InetSocketAddress remote) implements BackboneEvent {
        @Override
        public String type() {
            return "peer-connected";
        }
    }

    /**
     * A peer went away, for whatever reason; {@code receivedData} tells whether it ever
     * sent a byte.
     */
    record PeerDisconnected(Instant at, String interfaceName, String peer, InetSocketAddress remote,
            Duration connectedFor, boolean receivedData, DisconnectReason reason) implements BackboneEvent {
        @Override
        public String type() {
            return "peer-disconnected";
        }
    }

    /** A peer was cut because it sent nothing within {@code idle-timeout}. */
    record PeerIdleTimeout(Instant at, String interfaceName, String peer, InetSocketAddress remote,
            Duration connectedFor) implements BackboneEvent {
        @Override
        public String type() {
            return "peer-idle-timeout";
        }
    }

    /** A peer was cut because writes to it could not drain. */
    record PeerWriteStall(Instant at, String interfaceName, String peer, InetSocketAddress remote,
            Duration connectedFor, long pendingBytes) implements BackboneEvent {
        @Override
        public String type() {
            return "peer-write-stall";
        }
    }

    /**
     * A connection was refused at accept. {@code rejects} is the IP's reject count while
     * blacklisted, else 0.
     */
    record PeerRejected(Instant at, String interfaceName, InetSocketAddress remote, RejectReason reason,
            long rejects) implements BackboneEvent {
        @Override
        public String type() {
            return "peer-rejected";
        }
    }

    /** An abuse rule fired and blacklisted an IP. */
    record Penalty(Instant at, String interfaceName, InetAddress ip, String rule, int level,
            Duration duration) implements BackboneEvent {
        @Override
        public String type() {
            return "penalty";
        }
    }

    /**
     * A client link connected ({@code attempt} 0 is the first connect, n the n-th
     * reconnect in a row).
     */
    record LinkUp(Instant at, String interfaceName, String peer, InetSocketAddress remote,
            int attempt) implements BackboneEvent {
        @Override
        public String type() {
            return "link-up";
        }
    }

    /**
     * A client link's connection ended. {@code countedAsFailure}: it lasted under 20 s
     * and received nothing, so the next attempt waits longer.
     */
    record LinkDown(Instant at, String interfaceName, String peer, InetSocketAddress remote, Duration connectedFor,
            boolean receivedData, DisconnectReason reason, boolean countedAsFailure) implements BackboneEvent {
        @Override
        public String type() {
            return "link-down";
        }
    }

    /** A connect attempt of a client link failed. */
    record LinkConnectFailed(Instant at, String interfaceName, String target, int attempt,
            String error) implements BackboneEvent {
        @Override
        public String type() {
            return "link-connect-failed";
        }
    }

    /**
     * A client link used up {@code max-reconnect-tries} and stopped trying; its health is
     * DOWN.
     */
    record LinkGaveUp(Instant at, String interfaceName, String target, int attempts,
            String lastError) implements BackboneEvent {
        @Override
        public String type() {
            return "link-gave-up";
        }
    }

    /** Why a connection was refused at accept. The tag is the metric's {@code reason}. */
    enum RejectReason implements Tagged {

        BLACKLISTED, MAX_CONNECTIONS;

    }

}
