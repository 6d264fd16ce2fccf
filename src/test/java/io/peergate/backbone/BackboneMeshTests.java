package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.payload;
import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static io.peergate.backbone.BackboneHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peergate.PeergateApplication;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole Peergate nodes in one JVM, linked by client interfaces, relaying between raw
 * Reticulum peers.
 */
class BackboneMeshTests {

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    /**
     * Starts a node with a server interface {@code hub} and a client link to each of
     * {@code uplinks}.
     */
    private Backbone node(String name, Backbone... uplinks) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.application.name=" + name,
                "peergate.admin.password=pw", "peergate.bittorrent.enabled=false",
                "peergate.backbone.interfaces[0].name=hub", "peergate.backbone.interfaces[0].mode=server",
                "peergate.backbone.interfaces[0].listen-address=127.0.0.1", "peergate.backbone.interfaces[0].port=0",
                "peergate.backbone.interfaces[0].abuse.flapping.enabled=false"));
        for (int i = 0; i < uplinks.length; i++) {
            String prefix = "peergate.backbone.interfaces[" + (i + 1) + "].";
            properties.add(prefix + "name=link" + (i + 1));
            properties.add(prefix + "mode=client");
            properties.add(prefix + "host=127.0.0.1");
            properties.add(prefix + "port=" + hubPort(uplinks[i]));
            properties.add(prefix + "reconnect-wait=200ms");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PeergateApplication.class)
            .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
        nodes.add(context);
        Backbone backbone = context.getBean(Backbone.class);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> backbone.links()
                .values()
                .stream()
                .allMatch(link -> link.state() == ClientLink.State.CONNECTED));
        return backbone;
    }

    private static int hubPort(Backbone backbone) {
        return backbone.server("hub").orElseThrow().boundAddress().orElseThrow().getPort();
    }

    private Socket peer(Backbone node) throws Exception {
        int before = node.server("hub").orElseThrow().live();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), hubPort(node));
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        await().until(() -> node.server("hub").orElseThrow().live() > before);
        return socket;
    }

    @Test
    void twoLinkedNodesRelayBetweenTheirPeers() throws Exception {
        Backbone a = node("node-a");
        Backbone b = node("node-b", a);
        Socket onA = peer(a);
        Socket onB = peer(b);

        byte[] there = payload(64, 1);
        send(onA, there);
        assertThat(readFrame(reader(onB))).isEqualTo(there);

        byte[] back = payload(48, 2);
        send(onB, back);
        assertThat(readFrame(reader(onA))).isEqualTo(back);
        assertThat(b.link("link1").orElseThrow().meters().framesIn()).isEqualTo(1);
        // counted when the write completes, which may be just after the frame arrived
        await().until(() -> b.link("link1").orElseThrow().meters().framesOut() == 1);
    }

    @Test
    void threeNodesInATriangleDeliverEachFrameOncePerPeerAndDoNotLoop() throws Exception {
        Backbone a = node("node-a");
        Backbone b = node("node-b", a);
        Backbone c = node("node-c", a, b);
        Socket onA = peer(a);
        Socket onB = peer(b);
        Socket onC = peer(c);
        InputStream inA = reader(onA);
        InputStream inB = reader(onB);
        InputStream inC = reader(onC);

        byte[] fromA = payload(100, 10);
        send(onA, fromA);
        assertThat(readFrame(inB)).isEqualTo(fromA);
        assertThat(readFrame(inC)).isEqualTo(fromA);

        // Every node has seen the frame come round the triangle and dropped the copy.
        await().until(() -> a.relay().duplicates() + b.relay().duplicates() + c.relay().duplicates() >= 2);

        byte[] fromC = payload(80, 11);
        send(onC, fromC);
        assertThat(readFrame(inA)).as("A's own frame never came back; C's is the first it hears").isEqualTo(fromC);
        assertThat(readFrame(inB)).as("no second copy of A's frame reached B").isEqualTo(fromC);

        byte[] marker = payload(40, 12);
        send(onB, marker);
        assertThat(readFrame(inA)).isEqualTo(marker);
        assertThat(readFrame(inC)).as("no second copy of anything reached C").isEqualTo(marker);
        await().during(Duration.ofMillis(300))
            .atMost(Duration.ofSeconds(2))
            .until(() -> a.relay().relayed() == 3 && b.relay().relayed() == 3 && c.relay().relayed() == 3);
    }

}
