package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.closedByNode;
import static io.peergate.backbone.BackboneHarness.payload;
import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static io.peergate.backbone.BackboneHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.peergate.backbone.abuse.PeerMonitor;
import io.peergate.backbone.config.BackboneProperties;
import io.peergate.backbone.config.InterfaceMode;
import io.peergate.backbone.config.InterfaceProperties;
import io.peergate.reticulum.Hdlc;
import io.peergate.support.ListenerBindException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A backbone server interface over real loopback sockets: admission, framing, relay,
 * timeouts, write stalls, abuse.
 */
class BackboneServerTests {

    @Test
    void acceptsAConnectionAndNamesThePeerAfterItsInterface() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket socket = harness.connect();
            BackboneEvent.PeerConnected connected = harness.awaitEvent(BackboneEvent.PeerConnected.class, e -> true);
            assertThat(connected.interfaceName()).isEqualTo("test");
            assertThat(connected.peer()).matches("test/\\d+");
            assertThat(connected.remote().getPort()).isEqualTo(socket.getLocalPort());
            assertThat(harness.server().live()).isEqualTo(1);
            assertThat(harness.meters.get("peergate.backbone.peers").tag("interface", "test").gauge().value())
                .isEqualTo(1);
        }
    }

    @Test
    void aFrameReceivedFromOnePeerReachesAnother() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] a = new Socket[1];
            Socket[] b = new Socket[1];
            harness.connectPeer(a);
            harness.connectPeer(b);
            byte[] payload = payload(32, 1);
            send(a[0], payload);
            assertThat(readFrame(reader(b[0]))).isEqualTo(payload);
            assertThat(harness.counter("peergate.backbone.frames", "interface", "test", "direction", "in"))
                .isEqualTo(1);
        }
    }

    @Test
    void sendsAFrameToAPeer() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] socket = new Socket[1];
            BackbonePeer peer = harness.connectPeer(socket);
            byte[] payload = new byte[24];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            payload[5] = Hdlc.FLAG;
            payload[6] = Hdlc.ESC;
            assertThat(peer.send(Unpooled.copiedBuffer(payload))).isTrue();
            byte[] expected = BackboneHarness.frame(payload);
            byte[] wire = socket[0].getInputStream().readNBytes(expected.length);
            assertThat(wire).isEqualTo(expected);
            await()
                .until(() -> harness.counter("peergate.backbone.frames", "interface", "test", "direction", "out") == 1);
            assertThat(harness.counter("peergate.backbone.bytes", "interface", "test", "direction", "out"))
                .isEqualTo(expected.length);
        }
    }

    @Test
    void givesEveryPeerItsOwnId() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            harness.connect();
            harness.connect();
            await().until(() -> harness.count(BackboneEvent.PeerConnected.class) == 2);
            List<String> names = harness.events.stream()
                .filter(BackboneEvent.PeerConnected.class::isInstance)
                .map(e -> ((BackboneEvent.PeerConnected) e).peer())
                .toList();
            assertThat(names).doesNotHaveDuplicates();
            assertThat(harness.server().peers()).hasSize(2);
        }
    }

    @Test
    void reportsAPeerThatDisconnects() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] socket = new Socket[1];
            BackbonePeer peer = harness.connectPeer(socket);
            socket[0].close();
            BackboneEvent.PeerDisconnected gone = harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true);
            assertThat(gone.peer()).isEqualTo(peer.name());
            assertThat(gone.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSED);
            assertThat(gone.receivedData()).isFalse();
            assertThat(harness.server().live()).isZero();
            assertThat(harness.server().peers()).isEmpty();
            assertThat(harness.counter("peergate.backbone.disconnects", "interface", "test", "reason", "remote-closed"))
                .isEqualTo(1);
        }
    }

    @Test
    void servesPeersSendingAtTheSameTime() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] a = new Socket[1];
            Socket[] b = new Socket[1];
            Socket[] listener = new Socket[1];
            harness.connectPeer(a);
            harness.connectPeer(b);
            harness.connectPeer(listener);
            byte[] first = payload(24, 10);
            byte[] second = payload(30, 20);
            a[0].getOutputStream().write(BackboneHarness.frame(first));
            b[0].getOutputStream().write(BackboneHarness.frame(second));
            InputStream in = reader(listener[0]);
            assertThat(List.of(readFrame(in), readFrame(in))).containsExactlyInAnyOrder(first, second);
        }
    }

    @Test
    void bindsItsPortAndNamesTheKeyWhenItCannot() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            assertThat(harness.server().isListening()).isTrue();
            assertThat(harness.port()).isPositive();
        }
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InterfaceProperties first = new BackboneHarness.Server().name("first").properties();
            InterfaceProperties clash = new InterfaceProperties("clash", InterfaceMode.SERVER, "127.0.0.1",
                    taken.getLocalPort(), null, -1, Duration.ZERO, Duration.ofSeconds(30), DataSize.ofKilobytes(512),
                    QueueFullAction.DROP, IngressSettings.OFF, DataSize.ofMegabytes(1), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), null, BackboneHarness.abuse(false, 5), AnnounceControlSettings.OFF);
            Backbone backbone = new Backbone(new BackboneProperties(1024, 16, List.of(first, clash), RelayMode.FLOOD,
                    Duration.ofMinutes(30), 1024)
                .spec(), new SimpleMeterRegistry(), e -> {
                }, Clock.systemUTC());
            assertThatThrownBy(backbone::start).isInstanceOf(ListenerBindException.class)
                .satisfies(e -> assertThat(((ListenerBindException) e).portKey())
                    .isEqualTo("peergate.backbone.interfaces[1].port"));
            assertThat(backbone.isRunning()).isFalse();
            assertThat(backbone.server("first").orElseThrow().isListening()).as("the first interface is closed again")
                .isFalse();
        }
    }

    @Test
    void reassemblesAFrameThatArrivesInTwoPieces() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] sender = new Socket[1];
            Socket[] receiver = new Socket[1];
            harness.connectPeer(sender);
            harness.connectPeer(receiver);
            byte[] payload = payload(32, 3);
            byte[] framed = BackboneHarness.frame(payload);
            int mid = framed.length / 2;
            OutputStream out = sender[0].getOutputStream();
            out.write(framed, 0, mid);
            out.flush();
            await()
                .until(() -> harness.counter("peergate.backbone.bytes", "interface", "test", "direction", "in") >= mid);
            out.write(framed, mid, framed.length - mid);
            out.flush();
            assertThat(readFrame(reader(receiver[0]))).isEqualTo(payload);
        }
    }

    @Test
    void refusesConnectionsBeyondMaxConnections() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server().maxConnections(2))) {
            harness.connect();
            harness.connect();
            await().until(() -> harness.count(BackboneEvent.PeerConnected.class) == 2);
            Socket third = harness.connect();
            assertThat(closedByNode(third)).isTrue();
            BackboneEvent.PeerRejected rejected = harness.awaitEvent(BackboneEvent.PeerRejected.class, e -> true);
            assertThat(rejected.reason()).isEqualTo(BackboneEvent.RejectReason.MAX_CONNECTIONS);
            assertThat(harness.count(BackboneEvent.PeerConnected.class)).isEqualTo(2);
            assertThat(harness.server().live()).isEqualTo(2);
            assertThat(harness.counter("peergate.backbone.rejects", "interface", "test", "reason", "max-connections"))
                .isEqualTo(1);
        }
    }

    @Test
    void aDisconnectFreesASlot() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server().maxConnections(1))) {
            Socket[] first = new Socket[1];
            harness.connectPeer(first);
            first[0].close();
            harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true);
            Socket[] second = new Socket[1];
            BackbonePeer peer = harness.connectPeer(second);
            assertThat(peer.isOpen()).isTrue();
            assertThat(harness.count(BackboneEvent.PeerRejected.class)).isZero();
        }
    }

    @Test
    void cutsAPeerThatSendsNothingWithinTheIdleTimeout() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().idleTimeout(Duration.ofMillis(150)))) {
            Socket[] socket = new Socket[1];
            BackbonePeer peer = harness.connectPeer(socket);
            BackboneEvent.PeerIdleTimeout idle = harness.awaitEvent(BackboneEvent.PeerIdleTimeout.class, e -> true);
            assertThat(idle.peer()).isEqualTo(peer.name());
            BackboneEvent.PeerDisconnected gone = harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true);
            assertThat(gone.reason()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
            assertThat(gone.connectedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(closedByNode(socket[0])).isTrue();
        }
    }

    @Test
    void keepsAPeerThatHasSentData() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().idleTimeout(Duration.ofMillis(500)))) {
            Socket socket = harness.connect();
            send(socket, payload(24, 1)); // at once: the idle timeout counts from accept
            await().until(() -> harness.server().peers().size() == 1 && harness.server().peers().get(0).receivedData());
            BackbonePeer peer = harness.server().peers().get(0);
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(peer::isOpen);
            assertThat(harness.count(BackboneEvent.PeerIdleTimeout.class)).isZero();
        }
    }

    @Test
    void anIdleTimeoutSetAtRuntimeReachesOpenConnections() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] socket = new Socket[1];
            BackbonePeer peer = harness.connectPeer(socket);
            ServerSettings current = harness.server().settings().current();
            harness.server()
                .settings()
                .set(new ServerSettings(current.maxConnections(), Duration.ofMillis(150), current.writeStallTimeout(),
                        current.maxQueued(), current.onQueueFull(), current.ingress(), current.abuse(),
                        current.announceControl()));
            BackboneEvent.PeerIdleTimeout idle = harness.awaitEvent(BackboneEvent.PeerIdleTimeout.class, e -> true);
            assertThat(idle.peer()).isEqualTo(peer.name());
        }
    }

    @Test
    void cutsAPeerWhoseWritesStallPastTheTimeout() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ofMillis(100)))) {
            Socket socket = harness.connect(harness.server(), 4096);
            await().until(() -> harness.count(BackboneEvent.PeerConnected.class) == 1);
            BackbonePeer peer = harness.server().peers().get(0);
            // Keep the kernel's buffers filling without ever reaching the 512 KiB queue
            // limit: the timeout must do the cut once the socket takes nothing more.
            int[] seed = { 0 };
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
                while (peer.isOpen() && peer.pendingBytes() < 256 * 1024) {
                    peer.send(Unpooled.wrappedBuffer(payload(64 * 1024, seed[0]++)));
                }
                return harness.count(BackboneEvent.PeerWriteStall.class) > 0;
            });
            BackboneEvent.PeerWriteStall stall = harness.awaitEvent(BackboneEvent.PeerWriteStall.class, e -> true);
            assertThat(stall.peer()).isEqualTo(peer.name());
            assertThat(stall.pendingBytes()).isPositive().isLessThanOrEqualTo(512 * 1024 + 64 * 1024 + 1024);
            BackboneEvent.PeerDisconnected gone = harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true);
            assertThat(gone.reason()).isEqualTo(DisconnectReason.WRITE_STALL);
            assertThat(harness.counter("peergate.backbone.disconnects", "interface", "test", "reason", "write-stall"))
                .isEqualTo(1);
            socket.close();
        }
    }

    @Test
    void onQueueFullCutDisconnectsAPeerThatLetsMoreThanMaxQueuedPileUp() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ZERO).onQueueFull(QueueFullAction.CUT))) {
            harness.connect(harness.server(), 4096);
            await().until(() -> harness.count(BackboneEvent.PeerConnected.class) == 1);
            BackbonePeer peer = harness.server().peers().get(0);
            int seed = 0;
            while (peer.isOpen()) {
                peer.send(Unpooled.wrappedBuffer(payload(64 * 1024, seed++)));
            }
            // The stall timeout is off: only the queue limit can have cut it.
            assertThat(harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true).reason())
                .isEqualTo(DisconnectReason.QUEUE_FULL);
            assertThat(harness.counter("peergate.backbone.disconnects", "interface", "test", "reason", "queue-full"))
                .isEqualTo(1);
            assertThat(peer.queueFullDrops()).isZero();
            assertThat(harness.count(BackboneEvent.Penalty.class)).isZero();
        }
    }

    @Test
    void refusesABlacklistedPeerAndCountsItsRejects() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] first = new Socket[1];
            harness.connectPeer(first);
            first[0].close();
            harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true);

            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertThat(harness.meters.get("peergate.backbone.blacklisted").gauge().value()).isZero();
            harness.server().blacklist(loopback, Duration.ofSeconds(60), "test blacklist");
            assertThat(harness.meters.get("peergate.backbone.blacklisted").gauge().value()).isEqualTo(1);
            assertThat(harness.meters.get("peergate.backbone.listener.up").gauge().value()).isEqualTo(1);
            Socket second = harness.connect();
            assertThat(closedByNode(second)).isTrue();
            BackboneEvent.PeerRejected rejected = harness.awaitEvent(BackboneEvent.PeerRejected.class, e -> true);
            assertThat(rejected.reason()).isEqualTo(BackboneEvent.RejectReason.BLACKLISTED);
            assertThat(rejected.rejects()).isEqualTo(1);
            assertThat(harness.count(BackboneEvent.PeerConnected.class)).isEqualTo(1);
            PeerMonitor.Entry entry = harness.server()
                .monitorEntries()
                .stream()
                .filter(e -> e.ip().equals(loopback))
                .findFirst()
                .orElseThrow();
            assertThat(entry.rejects()).isEqualTo(1);
            assertThat(entry.blacklistReason()).isEqualTo("test blacklist");
            assertThat(entry.blacklistedRemainingSeconds()).isBetween(50.0, 60.0);

            assertThat(harness.server().clear(loopback)).isTrue();
            Socket[] third = new Socket[1];
            assertThat(harness.connectPeer(third).isOpen()).isTrue();
        }
    }

    @Test
    void blacklistingAnIpClosesItsOpenConnections() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] socket = new Socket[1];
            harness.connectPeer(socket);
            harness.server().blacklist(InetAddress.getByName("127.0.0.1"), Duration.ofMinutes(1), "operator");
            assertThat(closedByNode(socket[0])).isTrue();
            assertThat(harness.awaitEvent(BackboneEvent.PeerDisconnected.class, e -> true).reason())
                .isEqualTo(DisconnectReason.BLACKLISTED);
            assertThat(harness.count(BackboneEvent.Penalty.class)).isZero();
        }
    }

    @Test
    void aFlappingPeerIsPenalisedAndThenRefused() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().abuse(BackboneHarness.abuse(true, 2)))) {
            for (int i = 0; i < 3; i++) {
                Socket[] socket = new Socket[1];
                harness.connectPeer(socket);
                socket[0].close();
                int gone = i + 1;
                await().until(() -> harness.count(BackboneEvent.PeerDisconnected.class) == gone);
            }
            BackboneEvent.Penalty penalty = harness.awaitEvent(BackboneEvent.Penalty.class, e -> true);
            assertThat(penalty.rule()).isEqualTo("flapping");
            assertThat(penalty.level()).isEqualTo(1);
            assertThat(penalty.duration()).isEqualTo(Duration.ofMinutes(5));
            assertThat(harness.counter("peergate.backbone.penalties", "interface", "test", "rule", "flapping"))
                .isEqualTo(1);
            assertThat(closedByNode(harness.connect())).isTrue();
            assertThat(harness.awaitEvent(BackboneEvent.PeerRejected.class, e -> true).reason())
                .isEqualTo(BackboneEvent.RejectReason.BLACKLISTED);
        }
    }

    @Test
    void dropsGarbageFramesAndCountsWhy() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] sender = new Socket[1];
            Socket[] receiver = new Socket[1];
            harness.connectPeer(sender);
            harness.connectPeer(receiver);
            send(sender[0], new byte[19]);
            byte[] good = payload(40, 7);
            send(sender[0], good);
            assertThat(readFrame(reader(receiver[0]))).isEqualTo(good);
            assertThat(harness.counter("peergate.backbone.dropped", "interface", "test", "reason", "too-short"))
                .isEqualTo(1);
        }
    }

}
