package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.bittorrent.wire.Handshakes;
import io.peergate.bittorrent.wire.InfoHash;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gateway's listener over real loopback sockets: admission, identification and every
 * reject reason, routing, port changes.
 */
class GatewayListenerTests {

    private static byte[] readExactly(Socket socket, int length) throws Exception {
        byte[] buf = new byte[length];
        new DataInputStream(socket.getInputStream()).readFully(buf);
        return buf;
    }

    @Test
    void acceptsValidHandshakeAndReplaysPreambleUpstream() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0xAA, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));

            Socket server = upstream.next(5);
            assertThat(readExactly(server, 48)).isEqualTo(preamble(hash));
            Torrent torrent = harness.registry.find(hash).orElseThrow();
            await().until(() -> torrent.stats().liveConnections() == 1);
            assertThat(torrent.stats().routed()).isEqualTo(1);
            assertThat(harness.meters.get("peergate.bittorrent.routed").tag("torrent", "t170").counter().count())
                .isEqualTo(1);
            assertThat(harness.meters.get("peergate.bittorrent.identification").timer().count()).isEqualTo(1);
        }
    }

    /** A gateway with Message Stream Encryption turned off: it refuses such peers. */
    private static GatewayHarness withoutEncryption() {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.encryption = new EncryptionSettings(false, EncryptionSettings.DEFAULT.select());
        return new GatewayHarness(settings);
    }

    @Test
    void withEncryptionOffRejectsAnyOtherFirstByteAsEncrypted() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = withoutEncryption()) {
            harness.register((byte) 0xBB, upstream);
            Socket client = harness.connect();
            byte[] bad = new byte[48];
            bad[0] = (byte) 0xFF;
            client.getOutputStream().write(bad);

            await().until(() -> closedByPeer(client));
            assertThat(harness.rejected(RejectReason.ENCRYPTED)).isEqualTo(1);
            assertThat(upstream.poll(200)).isNull();
        }
    }

    @Test
    void withEncryptionOffChecksEveryByteOfTheProtocolString() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = withoutEncryption()) {
            InfoHash hash = harness.register((byte) 0xBC, upstream);
            for (int position = 1; position < 20; position++) {
                byte[] bad = preamble(hash);
                bad[position] ^= 0x20;
                Socket client = harness.connect();
                client.getOutputStream().write(bad);
                await().until(() -> closedByPeer(client));
            }
            assertThat(harness.rejected(RejectReason.NOT_BITTORRENT)).isEqualTo(19);
            assertThat(harness.rejected(RejectReason.ENCRYPTED)).isZero();
            assertThat(upstream.poll(100)).isNull();
        }
    }

    @Test
    void rejectsUnknownInfoHash() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            harness.register((byte) 0xCC, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(Handshakes.hash((byte) 0xDD)));

            await().until(() -> closedByPeer(client));
            assertThat(harness.rejected(RejectReason.UNKNOWN_TORRENT)).isEqualTo(1);
            assertThat(upstream.poll(200)).isNull();
        }
    }

    @Test
    void timesOutSlowHandshake() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.identifyTimeout = Duration.ofMillis(300);
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness(settings)) {
            InfoHash hash = harness.register((byte) 0xEE, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash), 0, 30); // a peer that stops
                                                                   // mid-preamble

            await().atMost(Duration.ofSeconds(5)).until(() -> closedByPeer(client));
            assertThat(harness.rejected(RejectReason.TIMEOUT)).isEqualTo(1);
            await().until(() -> harness.stats.live() == 0 && harness.stats.pending() == 0);
        }
    }

    @Test
    void countsPeerThatLeavesEarly() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0xE1, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash), 0, 20);
            client.shutdownOutput();
            await().until(() -> harness.rejected(RejectReason.CLOSED_EARLY) == 1);
            await().until(() -> harness.stats.live() == 0);
        }
    }

    @Test
    void concurrentHandshakesFiveValidFiveInvalid() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = withoutEncryption()) {
            InfoHash hash = harness.register((byte) 0x11, upstream);
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                clients.add(harness.connect());
            }
            for (int i = 0; i < 10; i++) {
                byte[] bytes = i < 5 ? preamble(hash) : new byte[48];
                if (i >= 5) {
                    bytes[0] = (byte) 0xFF;
                }
                clients.get(i).getOutputStream().write(bytes);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(readExactly(upstream.next(5), 48)).isEqualTo(preamble(hash));
            }
            await().until(() -> harness.rejected(RejectReason.ENCRYPTED) == 5);
            assertThat(upstream.poll(200)).isNull();
            assertThat(harness.registry.find(hash).orElseThrow().stats().routed()).isEqualTo(5);
        }
    }

    @Test
    void identificationCompletesOutOfOrder() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x22, upstream);
            Socket slow = harness.connect();
            Socket fast = harness.connect();
            slow.getOutputStream().write(preamble(hash), 0, 10);
            fast.getOutputStream().write(preamble(hash));
            fast.getOutputStream().write("fast".getBytes());

            // The fast peer is routed while the slow one is still identifying.
            Socket first = upstream.next(5);
            assertThat(readExactly(first, 52)).endsWith("fast".getBytes());
            assertThat(harness.stats.pending()).isEqualTo(1);

            slow.getOutputStream().write(preamble(hash), 10, 38);
            slow.getOutputStream().write("slow".getBytes());
            Socket second = upstream.next(5);
            assertThat(readExactly(second, 52)).endsWith("slow".getBytes());
            await().until(() -> harness.stats.pending() == 0);
        }
    }

    @Test
    void twoQuickConnectionsBothArriveWithDistinctPeers() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x33, upstream);
            Socket one = harness.connect();
            one.getOutputStream().write(preamble(hash));
            Socket two = harness.connect();
            two.getOutputStream().write(preamble(hash));
            Socket a = upstream.next(5);
            Socket b = upstream.next(5);
            readExactly(a, 48);
            readExactly(b, 48);
            assertThat(a.getPort()).isNotEqualTo(b.getPort());
            assertThat(one.getLocalPort()).isNotEqualTo(two.getLocalPort());
        }
    }

    @Test
    void stopReleasesThePortPromptlyAndClosesConnections() throws Exception {
        GatewayHarness harness = new GatewayHarness();
        try (TestUpstream upstream = new TestUpstream()) {
            InfoHash hash = harness.register((byte) 0x44, upstream);
            Socket identifying = harness.connect();
            Socket routed = harness.connect();
            routed.getOutputStream().write(preamble(hash));
            Socket server = upstream.next(5);
            readExactly(server, 48);
            int port = harness.port();

            long started = System.nanoTime();
            harness.gateway.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(harness.gateway.isRunning()).isFalse();
            await().until(() -> closedByPeer(identifying));
            await().until(() -> closedByPeer(routed));
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
        finally {
            harness.close();
        }
    }

    @Test
    void torrentRemovedAfterIdentificationKeepsItsConnection() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x55, upstream);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));
            Socket server = upstream.next(5);
            readExactly(server, 48);

            assertThat(harness.registry.remove(hash)).isPresent();

            // The routed connection still relays both ways.
            client.getOutputStream().write("piece".getBytes());
            assertThat(readExactly(server, 5)).isEqualTo("piece".getBytes());
            server.getOutputStream().write("have".getBytes());
            assertThat(readExactly(client, 4)).isEqualTo("have".getBytes());

            // A new connection with the same hash is now unknown.
            Socket late = harness.connect();
            late.getOutputStream().write(preamble(hash));
            await().until(() -> closedByPeer(late));
            assertThat(harness.rejected(RejectReason.UNKNOWN_TORRENT)).isEqualTo(1);
        }
    }

    @Test
    void capIsEnforcedAtAccept() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.maxConnections = 2;
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            harness.connect();
            harness.connect();
            await().until(() -> harness.stats.live() == 2);

            List<Socket> over = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                over.add(harness.connect());
            }
            await().until(() -> harness.rejected(RejectReason.CAP) == 3);
            for (Socket socket : over) {
                await().until(() -> closedByPeer(socket));
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> harness.stats.live() <= 2);
            assertThat(harness.stats.live()).isEqualTo(2);
        }
    }

    @Test
    void pendingCapIsEnforcedAtAccept() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.maxPending = 1;
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness(settings)) {
            InfoHash hash = harness.register((byte) 0x56, upstream);
            Socket silent = harness.connect();
            await().until(() -> harness.stats.pending() == 1);
            Socket second = harness.connect();
            await().until(() -> closedByPeer(second));
            assertThat(harness.rejected(RejectReason.PENDING_CAP)).isEqualTo(1);

            // Once the first identifies, a new peer gets in.
            silent.getOutputStream().write(preamble(hash));
            readExactly(upstream.next(5), 48);
            await().until(() -> harness.stats.pending() == 0);
            Socket third = harness.connect();
            third.getOutputStream().write(preamble(hash));
            readExactly(upstream.next(5), 48);
        }
    }

    @Test
    void minusOneMeansUnlimited() throws Exception {
        try (GatewayHarness harness = new GatewayHarness()) {
            for (int i = 0; i < 5; i++) {
                harness.connect();
            }
            await().until(() -> harness.stats.live() == 5);
            assertThat(harness.rejected(RejectReason.CAP)).isZero();
        }
    }

    @Test
    void liveCountDrainsWhicheverPathClosed() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = withoutEncryption()) {
            InfoHash hash = harness.register((byte) 0xDD, upstream);
            Socket identifying = harness.connect();
            Socket garbage = harness.connect();
            Socket routed = harness.connect();
            routed.getOutputStream().write(preamble(hash));
            Socket server = upstream.next(5);
            readExactly(server, 48);
            garbage.getOutputStream().write(new byte[] { 19, 2, 3 }); // not-bittorrent at
                                                                      // once
            await().until(() -> harness.stats.live() == 2);

            identifying.close();
            server.close(); // the upstream ends the routed one; the peer sees the end and
                            // closes too
            await().until(() -> closedByPeer(routed));
            routed.close();
            await().until(() -> harness.stats.live() == 0 && harness.stats.pending() == 0);
            Torrent torrent = harness.registry.find(hash).orElseThrow();
            await().until(() -> torrent.stats().liveConnections() == 0);
        }
    }

    @Test
    void unreachableUpstreamClosesInboundSide() throws Exception {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        try (GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = Handshakes.hash((byte) 0x66);
            harness.registry.put(hash, "gone", new UpstreamAddress("127.0.0.1", deadPort));
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(hash));
            await().until(() -> closedByPeer(client));
            assertThat(harness.rejected(RejectReason.UPSTREAM_UNAVAILABLE)).isEqualTo(1);
            await().until(() -> harness.stats.live() == 0);
        }
    }

    @Test
    void routesEachTorrentToItsOwnUpstream() throws Exception {
        try (TestUpstream alpha = new TestUpstream();
                TestUpstream beta = new TestUpstream();
                GatewayHarness harness = new GatewayHarness()) {
            InfoHash a = harness.register((byte) 0xA1, alpha);
            InfoHash b = harness.register((byte) 0xB2, beta);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                Socket ca = harness.connect();
                ca.getOutputStream().write(preamble(a));
                Socket cb = harness.connect();
                cb.getOutputStream().write(preamble(b));
                assertThat(readExactly(alpha.next(5), 48)).isEqualTo(preamble(a));
                assertThat(readExactly(beta.next(5), 48)).isEqualTo(preamble(b));
                seen.add(ca.getLocalPort());
            }
            assertThat(seen).hasSize(3);
            assertThat(alpha.waiting()).isZero();
            assertThat(beta.waiting()).isZero();
        }
    }

    @Test
    void bytesSentRightAfterThePreambleArriveInOrder() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x77, upstream);
            Socket client = harness.connect();
            OutputStream out = client.getOutputStream();
            byte[] handshakeRest = new byte[20 + 100];
            for (int i = 0; i < handshakeRest.length; i++) {
                handshakeRest[i] = (byte) i;
            }
            byte[] all = new byte[48 + handshakeRest.length];
            System.arraycopy(preamble(hash), 0, all, 0, 48);
            System.arraycopy(handshakeRest, 0, all, 48, handshakeRest.length);
            out.write(all); // one segment: preamble, peer id and more
            assertThat(readExactly(upstream.next(5), all.length)).isEqualTo(all);
        }
    }

}
