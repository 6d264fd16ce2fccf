package io.peergate.ops;

import static io.peergate.testing.NodeAdmin.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peergate.PeergateApplication;
import io.peergate.backbone.Backbone;
import io.peergate.bittorrent.BitTorrentGateway;
import io.peergate.bittorrent.GatewayHarness;
import io.peergate.testing.NodeAdmin;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node asked to shut down, as SIGTERM asks it, drains: readiness goes DOWN, every
 * listener refuses new peers, client links close, and established relays and backbone
 * peers go on until they end by themselves or the drain timeout cuts them.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulDrainTests {

    private static final String HASH = "00112233445566778899aabbccddeeff00112233";

    /** A started node and its listeners' ports. */
    private record Node(ConfigurableApplicationContext context, int gatewayPort, int hubPort) {
    }

    private static Node start(Duration drainTimeout, ServerSocket upstream, ServerSocket remoteHub) {
        int upstreamPort = upstream.getLocalPort();
        int uplinkPort = remoteHub.getLocalPort();
        ConfigurableApplicationContext node = new SpringApplicationBuilder(PeergateApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", NodeAdmin.PASSWORD_ARGUMENT,
                "--peergate.state.store=memory", "--peergate.drain-timeout=" + drainTimeout.toMillis() + "ms",
                "--peergate.bittorrent.listen-address=127.0.0.1", "--peergate.bittorrent.port=0",
                "--peergate.bittorrent.torrents[0].info-hash=" + HASH, "--peergate.bittorrent.torrents[0].name=drained",
                "--peergate.bittorrent.torrents[0].upstream=127.0.0.1:" + upstreamPort,
                "--peergate.backbone.interfaces[0].name=hub", "--peergate.backbone.interfaces[0].mode=server",
                "--peergate.backbone.interfaces[0].listen-address=127.0.0.1",
                "--peergate.backbone.interfaces[0].port=0", "--peergate.backbone.interfaces[1].name=uplink",
                "--peergate.backbone.interfaces[1].mode=client", "--peergate.backbone.interfaces[1].host=127.0.0.1",
                "--peergate.backbone.interfaces[1].port=" + uplinkPort);
        return new Node(node, node.getBean(BitTorrentGateway.class).boundAddress().orElseThrow().getPort(),
                node.getBean(Backbone.class).server("hub").orElseThrow().boundAddress().orElseThrow().getPort());
    }

    @Test
    void relaysFinishInsideTheDrainWhileNewPeersAreRefused(CapturedOutput output) throws Exception {
        try (ServerSocket upstream = listen(); ServerSocket remoteHub = listen()) {
            Node started = start(Duration.ofSeconds(20), upstream, remoteHub);
            ConfigurableApplicationContext node = started.context();
            int gatewayPort = started.gatewayPort();
            int hubPort = started.hubPort();
            try (Socket uplink = accept(remoteHub);
                    Socket peer = connect(gatewayPort);
                    Socket backbonePeer = connect(hubPort)) {
                peer.getOutputStream().write(preamble());
                try (Socket upstreamSide = accept(upstream)) {
                    assertThat(readFully(upstreamSide, 48)).isEqualTo(preamble());
                    await().until(() -> node.getBean(Backbone.class).active() == 1);
                    assertThat(call(node, "GET", "/actuator/health/readiness", null).status()).isEqualTo(200);

                    long closing = System.nanoTime();
                    CompletableFuture<Void> closed = CompletableFuture.runAsync(node::close);

                    await().until(() -> call(node, "GET", "/actuator/health/readiness", null).status() == 503);
                    await().until(() -> refused(gatewayPort) && refused(hubPort));
                    await().until(() -> GatewayHarness.closedByPeer(uplink));
                    assertThat(closed).as("still draining").isNotDone();

                    // the established relay goes on, both ways
                    byte[] up = random(1 << 20, 1);
                    byte[] down = random(1 << 20, 2);
                    CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> write(peer, up));
                    write(upstreamSide, down);
                    assertThat(readFully(upstreamSide, up.length)).isEqualTo(up);
                    assertThat(readFully(peer, down.length)).isEqualTo(down);
                    upload.get(10, TimeUnit.SECONDS);
                    assertThat(GatewayHarness.closedByPeer(backbonePeer)).as("the backbone peer is still connected")
                        .isFalse();
                    assertThat(closed).isNotDone();

                    // then they end by themselves, and the node does not wait any longer
                    peer.close();
                    upstreamSide.close();
                    backbonePeer.close();
                    closed.get(15, TimeUnit.SECONDS);
                    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));
                }
            }
            assertThat(output.getOut()).contains("BitTorrent gateway drained in")
                .contains("Reticulum backbone drained in")
                .contains("every connection ended by itself")
                .doesNotContain("cutting");
        }
    }

    @Test
    void whatIsLeftAtTheDrainTimeoutIsCutAndCounted(CapturedOutput output) throws Exception {
        try (ServerSocket upstream = listen(); ServerSocket remoteHub = listen()) {
            Node started = start(Duration.ofMillis(1500), upstream, remoteHub);
            ConfigurableApplicationContext node = started.context();
            int gatewayPort = started.gatewayPort();
            int hubPort = started.hubPort();
            try (Socket uplink = accept(remoteHub);
                    Socket peer = connect(gatewayPort);
                    Socket backbonePeer = connect(hubPort);
                    Socket otherBackbonePeer = connect(hubPort)) {
                peer.getOutputStream().write(preamble());
                try (Socket upstreamSide = accept(upstream)) {
                    readFully(upstreamSide, 48);
                    await().until(() -> node.getBean(Backbone.class).active() == 2);
                    long closing = System.nanoTime();
                    node.close();
                    assertThat(Duration.ofNanos(System.nanoTime() - closing))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
                    for (Socket socket : List.of(peer, upstreamSide, backbonePeer, otherBackbonePeer, uplink)) {
                        await().until(() -> GatewayHarness.closedByPeer(socket));
                    }
                }
            }
            assertThat(output.getOut()).contains("BitTorrent gateway draining: no new peers; 1 connection(s)")
                .contains("BitTorrent gateway drained for")
                .contains("cutting 1 connection(s) still open")
                .contains("Reticulum backbone draining: no new peers; 2 connection(s)")
                .contains("cutting 2 connection(s) still open");
        }
    }

    @Test
    void aDrainLongerThanSpringWaitsForIsRefusedAtStartup() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(PeergateApplication.class).run("--server.port=0",
                "--server.address=127.0.0.1", NodeAdmin.PASSWORD_ARGUMENT, "--peergate.state.store=memory",
                "--peergate.bittorrent.port=0", "--peergate.drain-timeout=60s"))
            .isInstanceOf(BeanCreationException.class)
            .rootCause()
            .hasMessage("peergate.drain-timeout (60s) must be at least 5s shorter than "
                    + "spring.lifecycle.timeout-per-shutdown-phase (30s): raise that one too, or shorten the drain");
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    private static Socket accept(ServerSocket server) throws IOException {
        server.setSoTimeout(10_000);
        Socket socket = server.accept();
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return false;
        }
        catch (ConnectException e) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static byte[] preamble() {
        byte[] preamble = new byte[48];
        System.arraycopy("\u0013BitTorrent protocol".getBytes(StandardCharsets.ISO_8859_1), 0, preamble, 0, 20);
        System.arraycopy(HexFormat.of().parseHex(HASH), 0, preamble, 28, 20);
        return preamble;
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readFully(Socket socket, int length) throws IOException {
        byte[] bytes = new byte[length];
        new DataInputStream(socket.getInputStream()).readFully(bytes);
        return bytes;
    }

}
