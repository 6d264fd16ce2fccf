package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.bittorrent.wire.InfoHash;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A relay ends when nothing moves (relay-idle-timeout) or when one side stops taking
 * bytes (write-stall-timeout), and how every relay ended is counted.
 */
class GatewayRelayTimerTests {

    /**
     * Opens a relay for {@code hash} and returns the peer's socket; the upstream's is in
     * {@code server[0]}.
     */
    private static Socket relay(GatewayHarness harness, TestUpstream upstream, InfoHash hash, Socket[] server)
            throws Exception {
        Socket client = harness.connect();
        client.getOutputStream().write(preamble(hash));
        server[0] = upstream.next(5);
        new DataInputStream(server[0].getInputStream()).readFully(new byte[48]);
        return client;
    }

    private static boolean closedByGateway(Socket socket) {
        try {
            return closedByPeer(socket);
        }
        catch (IOException e) {
            return true;
        }
    }

    @Test
    void aRelayThatMovesNothingEitherWayIsClosedAfterTheIdleTimeout() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.relayIdleTimeout = Duration.ofSeconds(1);
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness(settings)) {
            Socket[] server = new Socket[1];
            Socket client = relay(harness, upstream, harness.register((byte) 0x71, upstream), server);

            await().atMost(Duration.ofSeconds(10)).until(() -> closedByGateway(client) && closedByGateway(server[0]));
            await().until(() -> harness.stats.relaysClosed(RelayCloseReason.IDLE_TIMEOUT) == 1);
            assertThat(harness.stats.live()).isZero();
        }
    }

    @Test
    void bytesEitherWayKeepARelayOpen() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.relayIdleTimeout = Duration.ofSeconds(1);
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness(settings)) {
            Socket[] server = new Socket[1];
            Socket client = relay(harness, upstream, harness.register((byte) 0x72, upstream), server);
            // Three idle timeouts long, a byte every 300 ms, alternating direction: the
            // relay stays.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            for (int i = 0; System.nanoTime() < until; i++) {
                Socket from = i % 2 == 0 ? client : server[0];
                Socket to = i % 2 == 0 ? server[0] : client;
                from.getOutputStream().write(i);
                assertThat(to.getInputStream().read()).isEqualTo(i & 0xff);
                Thread.sleep(300); // the pace of the traffic under test, not a wait for a
                                   // result
            }
            assertThat(harness.stats.live()).isEqualTo(1);
            assertThat(harness.stats.relaysClosedByReason().values()).allMatch(count -> count == 0);
            // Then silence: the timeout ends it.
            await().atMost(Duration.ofSeconds(10))
                .until(() -> harness.stats.relaysClosed(RelayCloseReason.IDLE_TIMEOUT) == 1);
        }
    }

    @Test
    void aSideThatStopsReadingIsCutAfterTheWriteStallTimeout() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.writeStallTimeout = Duration.ofSeconds(1);
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness(settings)) {
            Socket[] server = new Socket[1];
            Socket client = relay(harness, upstream, harness.register((byte) 0x73, upstream), server);
            // The upstream never reads again; the peer sends until every buffer on the
            // way is full.
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread flooder = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = client.getOutputStream();
                    while (writing.get()) {
                        out.write(chunk);
                    }
                }
                catch (IOException e) {
                    // the gateway closed the relay
                }
            });
            flooder.setDaemon(true);
            flooder.start();

            await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.stats.relaysClosed(RelayCloseReason.WRITE_STALL) == 1);
            await().until(() -> harness.stats.live() == 0);
            writing.set(false);
            flooder.join(10_000);
            assertThat(flooder.isAlive()).as("the flooding peer's writes fail once the relay is closed").isFalse();
            assertThat(harness.gateway.queuedToPeers() + harness.gateway.queuedToUpstreams()).isZero();
        }
    }

    @Test
    void aRelayThatBothSidesFinishIsCountedAsClosed() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            Socket[] server = new Socket[1];
            Socket client = relay(harness, upstream, harness.register((byte) 0x74, upstream), server);
            client.shutdownOutput();
            server[0].shutdownOutput();
            await().until(() -> harness.stats.relaysClosed(RelayCloseReason.CLOSED) == 1);
            assertThat(harness.stats.relaysClosed(RelayCloseReason.IDLE_TIMEOUT)).isZero();
        }
    }

}
