package io.peergate.bittorrent;

import static io.peergate.bittorrent.GatewayHarness.closedByPeer;
import static io.peergate.bittorrent.wire.Handshakes.preamble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.support.ListenerBindException;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runtime changes: a port move that keeps established connections, a failed move that
 * changes nothing, caps.
 */
class GatewaySettingsTests {

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        }
        catch (ConnectException e) {
            return false;
        }
        catch (IOException e) {
            return false;
        }
    }

    @Test
    void portChangeBindsNewPortClosesOldAndKeepsEstablishedConnections() throws Exception {
        try (TestUpstream upstream = new TestUpstream(); GatewayHarness harness = new GatewayHarness()) {
            InfoHash hash = harness.register((byte) 0x91, upstream);
            Socket established = harness.connect();
            established.getOutputStream().write(preamble(hash));
            Socket server = upstream.next(5);
            new DataInputStream(server.getInputStream()).readFully(new byte[48]);
            int oldPort = harness.port();

            int newPort = freePort();
            GatewaySettings current = harness.gateway.settings();
            harness.gateway.apply(new GatewaySettings(newPort, current.maxConnections(), current.maxPending(),
                    current.identifyTimeout(), current.upstreamConnectTimeout(), current.relayIdleTimeout(),
                    current.writeStallTimeout(), current.encryption()));

            assertThat(harness.port()).isEqualTo(newPort);
            assertThat(accepts(oldPort)).as("old port closed").isFalse();
            Socket fresh = harness.connect();
            fresh.getOutputStream().write(preamble(hash));
            new DataInputStream(upstream.next(5).getInputStream()).readFully(new byte[48]);

            established.getOutputStream().write("alive".getBytes());
            byte[] got = new byte[5];
            new DataInputStream(server.getInputStream()).readFully(got);
            assertThat(new String(got)).isEqualTo("alive");
        }
    }

    @Test
    void portThatCannotBeBoundChangesNothing() throws Exception {
        try (GatewayHarness harness = new GatewayHarness();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int before = harness.port();
            GatewaySettings settingsBefore = harness.gateway.settings();
            GatewaySettings wanted = new GatewaySettings(taken.getLocalPort(), 9, 9, Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(30), EncryptionSettings.DEFAULT);

            assertThatThrownBy(() -> harness.gateway.apply(wanted)).isInstanceOf(ListenerBindException.class)
                .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(harness.port()).isEqualTo(before);
            assertThat(harness.gateway.settings()).isEqualTo(settingsBefore);
            assertThat(accepts(before)).isTrue();
        }
    }

    @Test
    void capChangeReachesTheNextAccept() throws Exception {
        try (GatewayHarness harness = new GatewayHarness()) {
            harness.connect();
            await().until(() -> harness.stats.live() == 1);
            harness.gateway.apply(new GatewaySettings(0, 1, -1, Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofMinutes(5), Duration.ofSeconds(30), EncryptionSettings.DEFAULT));
            Socket over = harness.connect();
            await().until(() -> closedByPeer(over));
            assertThat(harness.rejected(RejectReason.CAP)).isEqualTo(1);

            harness.gateway.apply(harness.gateway.startupSettings());
            harness.connect();
            await().until(() -> harness.stats.live() == 2);
        }
    }

    @Test
    void acceptErrorsPauseAcceptingForTheBackoffWithACount() throws Exception {
        GatewayHarness.Settings settings = new GatewayHarness.Settings();
        settings.acceptErrorBackoff = Duration.ofMillis(800);
        try (GatewayHarness harness = new GatewayHarness(settings)) {
            // What the transport raises on EMFILE: an IOException on the listening
            // channel.
            var listener = harness.gateway.serverChannel().orElseThrow();
            listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
            listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
            await().until(() -> harness.stats.acceptErrors() == 2);
            await().until(() -> !listener.config().isAutoRead());

            // While paused, a connection waits in the backlog; it is admitted once the
            // backoff ends.
            harness.connect();
            await().during(Duration.ofMillis(200))
                .atMost(Duration.ofMillis(600))
                .until(() -> harness.stats.live() == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> harness.stats.live() == 1);
            assertThat(listener.config().isAutoRead()).isTrue();
            assertThat(harness.meters.get("peergate.bittorrent.accept.errors").counter().count()).isEqualTo(2);
        }
    }

}
