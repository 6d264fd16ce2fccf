package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.payload;
import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static io.peergate.backbone.BackboneHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay between raw TCP peers: everyone else gets each frame once, the sender never,
 * a slow peer hurts no one.
 */
class FrameRelayTests {

    @Test
    void aFrameReachesEveryOtherPeerAndNeverItsSender() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] a = new Socket[1];
            Socket[] b = new Socket[1];
            Socket[] c = new Socket[1];
            harness.connectPeer(a);
            harness.connectPeer(b);
            harness.connectPeer(c);
            InputStream inA = reader(a[0]);
            InputStream inB = reader(b[0]);
            InputStream inC = reader(c[0]);

            byte[] fromA = payload(100, 1);
            send(a[0], fromA);
            assertThat(readFrame(inB)).isEqualTo(fromA);
            assertThat(readFrame(inC)).isEqualTo(fromA);

            // The first thing A hears is B's frame: its own never came back.
            byte[] fromB = payload(60, 2);
            send(b[0], fromB);
            assertThat(readFrame(inA)).isEqualTo(fromB);
            assertThat(readFrame(inC)).isEqualTo(fromB);
            assertThat(harness.backbone.relay().relayed()).isEqualTo(2);
        }
    }

    @Test
    void aDuplicatePacketIsRelayedOnce() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] a = new Socket[1];
            Socket[] b = new Socket[1];
            Socket[] c = new Socket[1];
            harness.connectPeer(a);
            harness.connectPeer(b);
            harness.connectPeer(c);
            InputStream inC = reader(c[0]);

            byte[] packet = payload(80, 5);
            send(a[0], packet);
            send(b[0], packet); // the same packet arriving by another path
            byte[] sameHashOtherTransport = packet.clone();
            sameHashOtherTransport[1] = 7; // hops differ: not part of the packet hash
            send(a[0], sameHashOtherTransport);
            byte[] next = payload(80, 6);
            send(a[0], next);

            // Frames from different senders may interleave; each arrives once.
            assertThat(List.of(readFrame(inC), readFrame(inC))).containsExactlyInAnyOrder(packet, next);
            await().until(() -> harness.counter("peergate.backbone.dropped", "reason", "duplicate") == 2);
            byte[] marker = payload(80, 7);
            send(a[0], marker);
            assertThat(readFrame(inC)).as("nothing else came in between").isEqualTo(marker);
            assertThat(harness.backbone.relay().duplicates()).isEqualTo(2);
        }
    }

    @Test
    void aPeerThatStopsReadingIsCutAndTheOthersGetEverything() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(
                new BackboneHarness.Server().writeStallTimeout(Duration.ofMillis(200)))) {
            Socket[] sender = new Socket[1];
            Socket[] reader = new Socket[1];
            harness.connectPeer(sender);
            harness.connectPeer(reader);
            Socket stalled = harness.connect(harness.server(), 4096);
            await().until(() -> harness.server().live() == 3);
            BackbonePeer slow = harness.server().peers().get(2);

            int frames = 8192;
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = sender[0].getOutputStream();
                    for (int i = 0; i < frames; i++) {
                        out.write(BackboneHarness.frame(payload(1024, i)));
                    }
                    out.flush();
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            InputStream in = reader(reader[0]);
            for (int i = 0; i < frames; i++) {
                assertThat(readFrame(in)).isEqualTo(payload(1024, i));
            }
            writer.join();

            BackboneEvent.PeerWriteStall stall = harness.awaitEvent(BackboneEvent.PeerWriteStall.class, e -> true);
            assertThat(stall.peer()).isEqualTo(slow.name());
            // max-queued plus one frame, plus Netty's count of its per-write overhead
            assertThat(stall.pendingBytes()).isLessThanOrEqualTo(512 * 1024 + 1030 + 16 * 1024);
            assertThat(harness.server().live()).isEqualTo(2);
            stalled.close();
        }
    }

    @Test
    void framesCrossInterfaces() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server().name("east"),
                new BackboneHarness.Server().name("west"))) {
            Socket east = harness.connect(harness.server("east"), 0);
            Socket west = harness.connect(harness.server("west"), 0);
            await().until(() -> harness.backbone.relay().size() == 2);
            byte[] packet = payload(50, 9);
            send(east, packet);
            assertThat(readFrame(reader(west))).isEqualTo(packet);
            assertThat(harness.counter("peergate.backbone.frames", "interface", "east", "direction", "in"))
                .isEqualTo(1);
            await()
                .until(() -> harness.counter("peergate.backbone.frames", "interface", "west", "direction", "out") == 1);
        }
    }

}
