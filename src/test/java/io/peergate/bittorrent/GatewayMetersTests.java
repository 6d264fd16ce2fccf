package io.peergate.bittorrent;

import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.peergate.bittorrent.wire.Handshakes;
import io.peergate.bittorrent.wire.InfoHash;
import java.io.DataInputStream;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accept path's guard: once each way through it has been taken, new peers make no new
 * meters (every meter and tag is built once, per node or per torrent, not per
 * connection).
 */
class GatewayMetersTests {

    @Test
    void newPeersAddNoMeters() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x3C, upstream);
            peers(harness, upstream, hash, 5);
            List<Meter.Id> warm = harness.meters.getMeters().stream().map(Meter::getId).toList();
            peers(harness, upstream, hash, 50);
            assertThat(harness.meters.getMeters().stream().map(Meter::getId).toList())
                .containsExactlyInAnyOrderElementsOf(warm);
        }
    }

    @Test
    void theListenerAndEachTorrentHaveMetersOfTheirOwn() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(); TestUpstream upstream = new TestUpstream()) {
            assertThat(harness.meters.get("peergate.bittorrent.listener.up").gauge().value()).isEqualTo(1);
            InfoHash hash = harness.register((byte) 0x3D, upstream);
            Socket peer = harness.connect();
            peer.getOutputStream().write(preamble(hash));
            try (Socket server = upstream.next(5)) {
                new DataInputStream(server.getInputStream()).readFully(new byte[48]);
                server.getOutputStream().write(new byte[100]);
                new DataInputStream(peer.getInputStream()).readFully(new byte[100]);
                String name = "t" + (0x3D & 0xff);
                assertThat(harness.meters.get("peergate.bittorrent.torrent.connections")
                    .tag("torrent", name)
                    .gauge()
                    .value()).isEqualTo(1);
                // counted on the event loop just after the write
                await().until(() -> harness.meters.get("peergate.bittorrent.torrent.bytes")
                    .tags("torrent", name, "direction", "to-upstream")
                    .counter()
                    .count() == 48);
                await().until(() -> harness.meters.get("peergate.bittorrent.torrent.bytes")
                    .tags("torrent", name, "direction", "from-upstream")
                    .counter()
                    .count() == 100);
                peer.close();
            }
            // both sides closed: the relay ends
            await().until(() -> harness.meters.get("peergate.bittorrent.torrent.connections")
                .tag("torrent", "t" + (0x3D & 0xff))
                .gauge()
                .value() == 0);
            harness.gateway.stopAccepting();
            assertThat(harness.meters.get("peergate.bittorrent.listener.up").gauge().value()).isZero();
        }
    }

    /** {@code count} routed peers and as many refused for an unknown torrent. */
    private static void peers(GatewayHarness harness, TestUpstream upstream, InfoHash hash, int count)
            throws Exception {
        long refusedBefore = harness.gateway.stats().rejectedCount(RejectReason.UNKNOWN_TORRENT);
        for (int i = 0; i < count; i++) {
            try (Socket routed = harness.connect(); Socket unknown = harness.connect()) {
                routed.getOutputStream().write(preamble(hash));
                unknown.getOutputStream().write(preamble(Handshakes.hash((byte) 0x77)));
                try (Socket server = upstream.next(5)) {
                    new DataInputStream(server.getInputStream()).readFully(new byte[48]);
                }
                assertThat(unknown.getInputStream().read()).isEqualTo(-1);
            }
        }
        await().until(() -> harness.gateway.stats().rejectedCount(RejectReason.UNKNOWN_TORRENT) == refusedBefore + count
                && harness.gateway.stats().live() == 0);
    }

}
