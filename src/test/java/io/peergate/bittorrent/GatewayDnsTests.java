package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.peergate.bittorrent.wire.Handshakes;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.testing.TestDnsServer;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Upstream host names resolve asynchronously, against a real name server on loopback: a
 * lookup that never gets an answer holds only the peers that wait for it, and
 * upstream-connect-timeout bounds the lookup too.
 */
class GatewayDnsTests {

    private static final byte[] HELLO = "after the preamble".getBytes();

    @Test
    void aSilentOrFailingNameServerHoldsOnlyThePeersWaitingForIt() throws Exception {
        try (TestDnsServer dns = new TestDnsServer(); TestUpstream upstream = new TestUpstream()) {
            dns.silent("slow.test").noSuchName("gone.test").address("fast.test", InetAddress.getByName("127.0.0.1"));
            GatewayHarness.Settings settings = new GatewayHarness.Settings();
            settings.upstreamConnectTimeout = Duration.ofSeconds(4);
            settings.dns = new DnsNameResolverBuilder().nameServerProvider(dns.provider())
                .searchDomains(List.of())
                .queryTimeoutMillis(60_000);
            try (GatewayHarness harness = new GatewayHarness(settings)) {
                InfoHash slow = harness.register((byte) 0x51, "slow.test", upstream.port());
                InfoHash gone = harness.register((byte) 0x52, "gone.test", upstream.port());
                InfoHash fast = harness.register((byte) 0x53, "fast.test", upstream.port());

                // Peers of the slow torrent on every event loop of the gateway, all
                // waiting for an answer that never comes.
                List<Socket> waiting = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Socket peer = harness.connect();
                    peer.getOutputStream().write(preamble(slow));
                    waiting.add(peer);
                }
                await().until(() -> dns.questionsAbout("slow.test") >= 1);

                // Meanwhile: a failed lookup is answered at once ...
                Socket refused = harness.connect();
                refused.getOutputStream().write(preamble(gone));
                await().until(() -> harness.rejected(RejectReason.UPSTREAM_UNAVAILABLE) == 1);
                assertThat(closedByPeer(refused)).isTrue();

                // ... a peer with an unknown torrent is identified and refused ...
                Socket unknown = harness.connect();
                unknown.getOutputStream().write(preamble(Handshakes.hash((byte) 0x5F)));
                await().until(() -> harness.rejected(RejectReason.UNKNOWN_TORRENT) == 1);

                // ... and a peer whose upstream resolves is relayed both ways.
                Socket relayed = harness.connect();
                relayed.getOutputStream().write(preamble(fast));
                relayed.getOutputStream().write(HELLO);
                Socket server = upstream.next(5);
                byte[] received = new byte[48 + HELLO.length];
                new DataInputStream(server.getInputStream()).readFully(received);
                assertThat(new String(received, 48, HELLO.length)).isEqualTo(new String(HELLO));
                server.getOutputStream().write(HELLO);
                byte[] back = new byte[HELLO.length];
                new DataInputStream(relayed.getInputStream()).readFully(back);
                assertThat(back).isEqualTo(HELLO);

                // The slow lookups are still outstanding: their peers are open and
                // nothing reached the upstream for them.
                assertThat(harness.rejected(RejectReason.UPSTREAM_UNAVAILABLE)).isEqualTo(1);
                for (Socket peer : waiting) {
                    assertThat(closedByPeer(peer)).as("a peer still waiting for its lookup").isFalse();
                }
                assertThat(upstream.waiting()).isZero();

                // upstream-connect-timeout ends the wait for the lookup.
                await().atMost(Duration.ofSeconds(15))
                    .until(() -> harness.rejected(RejectReason.UPSTREAM_UNAVAILABLE) == 1 + waiting.size());
                for (Socket peer : waiting) {
                    await().until(() -> closedByPeer(peer));
                }
                assertThat(upstream.waiting()).isZero();
            }
        }
    }

    /**
     * A peer is read on while its upstream is looked up and connected, but only up to a
     * high water mark's worth: a peer that floods meanwhile is held back by TCP, and what
     * the node held is released when the lookup times out.
     */
    @Test
    void aPeerThatFloodsWhileItsUpstreamConnectsIsHeldBack() throws Exception {
        try (TestDnsServer dns = new TestDnsServer(); TestUpstream upstream = new TestUpstream()) {
            dns.silent("slow.test");
            GatewayHarness.Settings settings = new GatewayHarness.Settings();
            settings.upstreamConnectTimeout = Duration.ofSeconds(5);
            settings.dns = new DnsNameResolverBuilder().nameServerProvider(dns.provider())
                .searchDomains(List.of())
                .queryTimeoutMillis(60_000);
            try (GatewayHarness harness = new GatewayHarness(settings)) {
                InfoHash slow = harness.register((byte) 0x54, "slow.test", upstream.port());
                Socket peer = harness.connect();
                peer.getOutputStream().write(preamble(slow));
                await().until(() -> dns.questionsAbout("slow.test") >= 1);

                int flood = 64 * 1024 * 1024;
                AtomicLong pushed = new AtomicLong();
                Thread flooder = new Thread(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        while (pushed.get() < flood) {
                            peer.getOutputStream().write(chunk);
                            pushed.addAndGet(chunk.length);
                        }
                    }
                    catch (Exception ignored) {
                        // the gateway closes the peer when the lookup times out
                    }
                });
                flooder.setDaemon(true);
                flooder.start();

                // Kernel buffers on both ends fill, then the peer's writes block.
                AtomicLong last = new AtomicLong(-1);
                await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    long now = pushed.get();
                    return now > 0 && now == last.getAndSet(now);
                });
                assertThat(pushed.get()).as("bytes the peer could push while its upstream connected")
                    .isLessThan(flood / 4);

                await().atMost(Duration.ofSeconds(15))
                    .until(() -> harness.rejected(RejectReason.UPSTREAM_UNAVAILABLE) == 1);
                await().until(() -> closedByPeer(peer));
                assertThat(upstream.waiting()).isZero();
            }
        }
    }

}
