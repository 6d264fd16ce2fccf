package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
     * A gateway with the settings a test picks, an upstream, and one relay between a peer
     * and it.
     */
    private record Relay(GatewayHarness harness, TestUpstream upstream, Socket client,
            Socket server) implements AutoCloseable {

        static Relay open(GatewayHarness.Settings settings, byte fill) throws Exception {
            TestUpstream upstream = new TestUpstream();
            GatewayHarness harness = new GatewayHarness(settings);
            Socket client = harness.connect();
            client.getOutputStream().write(preamble(harness.register(fill, upstream)));
            Socket server = upstream.next(5);
            new DataInputStream(server.getInputStream()).readFully(new byte[48]);
            return new Relay(harness, upstream, client, server);
        }

        long closed(RelayCloseReason reason) {
            return harness.stats.relaysClosed(reason);
        }

        @Override
        public void close() throws IOException {
            harness.close();
            upstream.close();
        }

    }

    private static GatewayHarness.Settings withRelayIdleTimeout(Duration timeout) {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.relayIdleTimeout = timeout;
        return settings;
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
        try (Relay relay = Relay.open(withRelayIdleTimeout(Duration.ofSeconds(1)), (byte) 0x71)) {
            await().atMost(Duration.ofSeconds(10))
                .until(() -> closedByGateway(relay.client()) && closedByGateway(relay.server()));
            await().until(() -> relay.closed(RelayCloseReason.IDLE_TIMEOUT) == 1);
            assertThat(relay.harness().stats.live()).isZero();
        }
    }

    @Test
    void bytesEitherWayKeepARelayOpen() throws Exception {
        try (Relay relay = Relay.open(withRelayIdleTimeout(Duration.ofSeconds(1)), (byte) 0x72)) {
            // Three idle timeouts long, a byte every 300 ms, alternating direction: the
            // relay stays.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            for (int i = 0; System.nanoTime() < until; i++) {
                Socket from = i % 2 == 0 ? relay.client() : relay.server();
                Socket to = i % 2 == 0 ? relay.server() : relay.client();
                from.getOutputStream().write(i);
                assertThat(to.getInputStream().read()).isEqualTo(i & 0xff);
                Thread.sleep(300); // the pace of the traffic under test, not a wait for a
                                   // result
            }
            assertThat(relay.harness().stats.live()).isEqualTo(1);
            assertThat(relay.harness().stats.relaysClosedByReason().values()).allMatch(count -> count == 0);
            // Then silence: the timeout ends it.
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.closed(RelayCloseReason.IDLE_TIMEOUT) == 1);
        }
    }

    @Test
    void aSideThatStopsReadingIsCutAfterTheWriteStallTimeout() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.writeStallTimeout = Duration.ofSeconds(1);
        try (Relay relay = Relay.open(settings, (byte) 0x73)) {
            // The upstream never reads again; the peer sends until every buffer on the
            // way is full.
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread flooder = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = relay.client().getOutputStream();
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

            await().atMost(Duration.ofSeconds(30)).until(() -> relay.closed(RelayCloseReason.WRITE_STALL) == 1);
            await().until(() -> relay.harness().stats.live() == 0);
            writing.set(false);
            flooder.join(10_000);
            assertThat(flooder.isAlive()).as("the flooding peer's writes fail once the relay is closed").isFalse();
            assertThat(relay.harness().gateway.queuedToPeers() + relay.harness().gateway.queuedToUpstreams()).isZero();
        }
    }

    @Test
    void aRelayThatBothSidesFinishIsCountedAsClosed() throws Exception {
        try (Relay relay = Relay.open(new GatewayHarness.Settings(), (byte) 0x74)) {
            relay.client().shutdownOutput();
            relay.server().shutdownOutput();
            await().until(() -> relay.closed(RelayCloseReason.CLOSED) == 1);
            assertThat(relay.closed(RelayCloseReason.IDLE_TIMEOUT)).isZero();
        }
    }

}
