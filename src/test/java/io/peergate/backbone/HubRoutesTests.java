package io.peergate.backbone;

import static io.peergate.reticulum.Packets.DESTINATION;
import static io.peergate.reticulum.Packets.TRANSPORT;
import static io.peergate.reticulum.Packets.concat;
import static io.peergate.reticulum.Packets.packet;
import static io.peergate.reticulum.Packets.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.peergate.reticulum.Hash16;
import io.peergate.reticulum.PacketHeader;
import io.peergate.reticulum.Packets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The learning tables with a clock the test moves: learn, refresh, expire, evict, and
 * whatever is unknown or ambiguous flooded.
 */
class HubRoutesTests {

    private static final long TTL = TimeUnit.MINUTES.toNanos(30);

    private final AtomicLong clock = new AtomicLong(1_000);

    private final HubRoutes<String> routes = new HubRoutes<>(clock::get, TTL, 4);

    private String route(String sender, byte[] packet) {
        ByteBuf frame = Unpooled.wrappedBuffer(packet);
        try {
            return routes.route(sender, frame, PacketHeader.parse(frame));
        }
        finally {
            frame.release();
        }
    }

    private static byte[] announce(byte[] destination, int hops) {
        return packet(0x01, hops, null, destination, 0, range(0, 40));
    }

    private static byte[] data(byte[] destination, int seed) {
        return packet(0x00, 0, null, destination, 0, new byte[] { (byte) seed });
    }

    @Test
    void anAnnounceTeachesWhereItsDestinationIsAndIsFlooded() {
        assertThat(route("B", data(DESTINATION, 1))).as("unknown: flooded").isNull();
        assertThat(route("A", announce(DESTINATION, 2))).as("announces are flooded").isNull();
        assertThat(route("B", data(DESTINATION, 2))).isEqualTo("A");
        assertThat(route("A", data(DESTINATION, 3))).as("never back to its sender").isNull();
        // a farther announce from elsewhere does not move it; a nearer one does
        route("C", announce(DESTINATION, 5));
        assertThat(route("B", data(DESTINATION, 4))).isEqualTo("A");
        route("C", announce(DESTINATION, 1));
        assertThat(route("B", data(DESTINATION, 5))).isEqualTo("C");
        // PLAIN and GROUP destinations are flooded whatever is known
        assertThat(route("B", packet(0x08, 0, null, DESTINATION, 0, new byte[1]))).isNull();
        assertThat(route("B", packet(0x04, 0, null, DESTINATION, 0, new byte[1]))).isNull();
    }

    @Test
    void routesExpireAndRefresh() {
        route("A", announce(DESTINATION, 2));
        clock.addAndGet(TTL - 1);
        route("A", announce(DESTINATION, 3)); // the same peer refreshes it, even farther
        clock.addAndGet(TTL - 1);
        assertThat(route("B", data(DESTINATION, 1))).isEqualTo("A");
        clock.addAndGet(2);
        assertThat(route("B", data(DESTINATION, 2))).as("expired: flooded").isNull();
        route("A", announce(DESTINATION, 2));
        clock.addAndGet(TTL + 1);
        routes.sweep();
        assertThat(routes.stats().destinations()).isZero();
    }

    @Test
    void theOldestEntryIsEvictedAndCounted() {
        for (int n = 0; n < 6; n++) {
            route("A", announce(range(n, n + 16), 1));
        }
        assertThat(routes.stats().destinations()).isEqualTo(4);
        assertThat(routes.stats().evicted()).isEqualTo(2);
        assertThat(route("B", data(range(0, 16), 1))).as("evicted: flooded").isNull();
        assertThat(route("B", data(range(5, 21), 1))).isEqualTo("A");
    }

    @Test
    void aRebroadcastAnnounceTeachesItsTransportId() {
        // a transport node behind C rebroadcasts an announce under its id (header 2)
        route("C", packet(0x51, 1, TRANSPORT, range(50, 66), 0, range(0, 40)));
        // a data packet's transport id names its next hop, not its sender: nothing
        // learned
        route("B", packet(0x50, 0, range(16, 32), DESTINATION, 0, new byte[1]));
        assertThat(routes.stats().transports()).isEqualTo(1);
        // a packet for any destination via that transport goes to C
        assertThat(route("A", packet(0x50, 0, TRANSPORT, DESTINATION, 0, new byte[2]))).isEqualTo("C");
    }

    @Test
    void aLinkIsLearnedFromItsRequestAndProofThenCarriedEndToEnd() {
        byte[] request = packet(0x02, 0, null, DESTINATION, 0, concat(range(100, 164), new byte[] { 0x21, 5, 1 }));
        ByteBuf requestFrame = Unpooled.wrappedBuffer(request);
        Hash16 linkId = PacketHeader.linkId(requestFrame, PacketHeader.parse(requestFrame));
        requestFrame.release();
        byte[] link = Packets.bytes(linkId);

        assertThat(route("A", request)).as("destination unknown: the request is flooded").isNull();
        assertThat(route("B", packet(0x0F, 0, null, link, 0xFF, range(0, 99)))).as("the proof back to A alone")
            .isEqualTo("A");
        assertThat(route("A", packet(0x0C, 0, null, link, 0, new byte[] { 1 }))).isEqualTo("B");
        assertThat(route("B", packet(0x0C, 0, null, link, 0, new byte[] { 2 }))).isEqualTo("A");
        assertThat(route("B", packet(0x0F, 0, null, link, 0xFD, new byte[] { 3 }))).as("a proof over the link")
            .isEqualTo("A");
        assertThat(route("C", packet(0x0C, 0, null, link, 0, new byte[] { 4 }))).as("not an end: ambiguous").isNull();
        assertThat(route("C", packet(0x0C, 0, null, DESTINATION, 0, new byte[] { 5 }))).as("unknown link").isNull();
        assertThat(routes.stats().links()).isEqualTo(1);

        routes.forget("B");
        assertThat(route("A", packet(0x0C, 0, null, link, 0, new byte[] { 6 }))).as("an end left").isNull();
    }

    @Test
    void aProofGoesBackToTheSenderOfWhatItProves() {
        route("A", announce(DESTINATION, 1));
        byte[] sent = data(DESTINATION, 7);
        assertThat(route("B", sent)).isEqualTo("A");
        ByteBuf frame = Unpooled.wrappedBuffer(sent);
        byte[] proofDestination = Packets.bytes(PacketHeader.truncatedHash(frame));
        frame.release();
        assertThat(route("A", packet(0x03, 0, null, proofDestination, 0, range(0, 64)))).isEqualTo("B");
        clock.addAndGet(HubRoutes.REVERSE_NANOS + 1);
        assertThat(route("A", packet(0x03, 0, null, proofDestination, 0, range(1, 65)))).as("too late").isNull();
    }

}
