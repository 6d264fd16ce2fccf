package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.peergate.reticulum.Hash16;
import io.peergate.reticulum.PacketHeader;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a {@code learn} hub knows of where Reticulum destinations live, as a switch learns
 * addresses: announces teach which peer a destination is behind, header-type-2 packets
 * which peer a transport id is behind, link requests and their proofs the two ends of
 * each link, forwarded packets the peer their proofs go back to. {@link #route} picks the
 * one peer a packet goes to, or none: flood it, which is always safe, so anything
 * unknown, expired or ambiguous is flooded and {@code learn} loses no reach that
 * {@code flood} had. Every table is bounded (the oldest entry goes, counted) and entries
 * expire. Protocol code, no I/O; thread-safe.
 *
 * @param <P> a peer connection
 */
public final class HubRoutes<P> {

    /** A link request's proof must come back within this. */
    static final long PENDING_LINK_NANOS = 60_000_000_000L;

    /** A proof must come back within this to go to its packet's sender alone. */
    static final long REVERSE_NANOS = 480_000_000_000L;

    private record Route<P>(P peer, int hops, long expiresAt) {
    }

    private record Pending<P>(P initiator, long expiresAt) {
    }

    private record Link<P>(P initiator, P responder, long expiresAt) {
    }

    private record Reverse<P>(P sender, long expiresAt) {
    }

    /** Counters of the tables, for the actuator. */
    public record Stats(int destinations, int transports, int pendingLinks, int links, int reverse, long unicast,
            long flooded, long misses, long evicted) {
    }

    private final LongSupplier nanoClock;

    private final long ttlNanos;

    private final int maxEntries;

    private final Map<Hash16, Route<P>> destinations;

    private final Map<Hash16, Route<P>> transports;

    private final Map<Hash16, Pending<P>> pendingLinks;

    private final Map<Hash16, Link<P>> links;

    private final Map<Hash16, Reverse<P>> reverse;

    private long unicast;

    private long flooded;

    private long misses;

    private long evicted;

    /**
     * @param ttlNanos how long a learned destination, transport or idle link is kept
     * @param maxEntries the most entries each table holds
     */
    public HubRoutes(LongSupplier nanoClock, long ttlNanos, int maxEntries) {
        this.nanoClock = nanoClock;
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.destinations = bounded();
        this.transports = bounded();
        this.pendingLinks = bounded();
        this.links = bounded();
        this.reverse = bounded();
    }

    private <V> Map<Hash16, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash16, V> eldest) {
                if (size() > maxEntries) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * Learns from the packet in {@code frame} (from {@code sender}) and picks where it
     * goes.
     * @param header the frame's header ({@link PacketHeader#parse}), null when it has
     * none
     * @return the one peer to send it to, or null to flood it
     */
    public synchronized P route(P sender, ByteBuf frame, PacketHeader header) {
        if (header == null) {
            return flood();
        }
        long now = nanoClock.getAsLong();
        if (header.transportId() != null && header.packetType() == PacketHeader.ANNOUNCE) {
            // a transport node rebroadcasts announces under its own id; any other
            // header-type-2 packet names the next hop it is addressed to, not its sender
            transports.put(header.transportId(), new Route<>(sender, header.hops(), now + ttlNanos));
        }
        if (header.destinationType() == PacketHeader.LINK && !header.isLinkProof()) {
            return viaLink(sender, header.destination(), now);
        }
        switch (header.packetType()) {
            case PacketHeader.ANNOUNCE -> {
                learnDestination(sender, header, now);
                return flood();
            }
            case PacketHeader.LINKREQUEST -> {
                pendingLinks.put(PacketHeader.linkId(frame, header), new Pending<>(sender, now + PENDING_LINK_NANOS));
                return unicastOrFlood(sender, toward(header, now));
            }
            case PacketHeader.PROOF -> {
                if (header.isLinkProof()) {
                    return linkProof(sender, header.destination(), now);
                }
                Reverse<P> back = reverse.get(header.destination());
                return unicastOrFlood(sender, back == null || back.expiresAt() - now < 0 ? null : back.sender());
            }
            default -> {
                if (header.destinationType() != PacketHeader.SINGLE) {
                    return flood(); // PLAIN and GROUP destinations (path requests too)
                                    // reach everyone
                }
                P target = toward(header, now);
                if (target != null && target != sender) {
                    reverse.put(PacketHeader.truncatedHash(frame), new Reverse<>(sender, now + REVERSE_NANOS));
                }
                return unicastOrFlood(sender, target);
            }
        }
    }

    private void learnDestination(P sender, PacketHeader header, long now) {
        Route<P> known = destinations.get(header.destination());
        if (known == null || known.expiresAt() - now < 0 || known.peer() == sender || header.hops() <= known.hops()) {
            destinations.put(header.destination(), new Route<>(sender, header.hops(), now + ttlNanos));
        }
    }

    /** The peer behind the packet's transport id, else behind its destination. */
    private P toward(PacketHeader header, long now) {
        Route<P> route = header.transportId() == null ? null : live(transports, header.transportId(), now);
        if (route == null) {
            route = live(destinations, header.destination(), now);
        }
        return route == null ? null : route.peer();
    }

    private Route<P> live(Map<Hash16, Route<P>> table, Hash16 key, long now) {
        Route<P> route = table.get(key);
        if (route != null && route.expiresAt() - now < 0) {
            table.remove(key);
            return null;
        }
        return route;
    }

    private P linkProof(P sender, Hash16 linkId, long now) {
        Pending<P> pending = pendingLinks.remove(linkId);
        if (pending == null || pending.expiresAt() - now < 0 || pending.initiator() == sender) {
            return unicastOrFlood(sender, null);
        }
        links.put(linkId, new Link<>(pending.initiator(), sender, now + ttlNanos));
        return unicastOrFlood(sender, pending.initiator());
    }

    private P viaLink(P sender, Hash16 linkId, long now) {
        Link<P> link = links.get(linkId);
        if (link == null || link.expiresAt() - now < 0) {
            return unicastOrFlood(sender, null);
        }
        P other = link.initiator() == sender ? link.responder() : link.responder() == sender ? link.initiator() : null;
        if (other != null) {
            links.put(linkId, new Link<>(link.initiator(), link.responder(), now + ttlNanos));
        }
        return unicastOrFlood(sender, other);
    }

    private P unicastOrFlood(P sender, P target) {
        if (target == null || target == sender) {
            misses++;
            return flood();
        }
        unicast++;
        return target;
    }

    private P flood() {
        flooded++;
        return null;
    }

    /** Whether a live route to {@code destination} is known. */
    public synchronized boolean knows(Hash16 destination) {
        return live(destinations, destination, nanoClock.getAsLong()) != null;
    }

    /** Forgets every route through {@code peer}, which has left. */
    public synchronized void forget(P peer) {
        destinations.values().removeIf(route -> route.peer() == peer);
        transports.values().removeIf(route -> route.peer() == peer);
        pendingLinks.values().removeIf(pending -> pending.initiator() == peer);
        links.values().removeIf(link -> link.initiator() == peer || link.responder() == peer);
        reverse.values().removeIf(back -> back.sender() == peer);
    }

    /** Drops what has expired; the tables' bounds hold memory between sweeps. */
    public synchronized void sweep() {
        long now = nanoClock.getAsLong();
        removeExpired(destinations.values().iterator(), now, Route::expiresAt);
        removeExpired(transports.values().iterator(), now, Route::expiresAt);
        removeExpired(pendingLinks.values().iterator(), now, Pending::expiresAt);
        removeExpired(links.values().iterator(), now, Link::expiresAt);
        removeExpired(reverse.values().iterator(), now, Reverse::expiresAt);
    }

    private interface Expiry<V> {

        long of(V value);

    }

    private static <V> void removeExpired(Iterator<V> values, long now, Expiry<V> expiry) {
        while (values.hasNext()) {
            if (expiry.of(values.next()) - now < 0) {
                values.remove();
            }
        }
    }

    public synchronized Stats stats() {
        return new Stats(destinations.size(), transports.size(), pendingLinks.size(), links.size(), reverse.size(),
                unicast, flooded, misses, evicted);
    }

}
