package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static io.peergate.backbone.BackboneHarness.send;
import static io.peergate.reticulum.Packets.packet;
import static io.peergate.reticulum.Packets.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A peer's burst of announces through a real hub: the first goes through, the rest are
 * held (up to the bound, the others dropped), and after the burst they reach the other
 * peers one at a time, lowest hop count first.
 */
class AnnounceControlTests {

    private static final AnnounceControlSettings FAST = new AnnounceControlSettings(true, Duration.ofHours(2), 2, 12,
            Duration.ofMillis(1), Duration.ZERO, Duration.ofMillis(200), 2);

    private static byte[] announce(int destination, int hops) {
        return packet(0x01, hops, null, range(destination, destination + 16), 0, range(destination, destination + 40));
    }

    @Test
    void aBurstIsHeldThenReleasedLowestHopsFirst() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(new BackboneHarness.Server().announceControl(FAST))) {
            Socket[] peers = harness.connectPeers(2);
            InputStream inB = reader(peers[1]);
            byte[] first = announce(10, 3);
            byte[] far = announce(20, 4);
            byte[] near = announce(30, 1);
            send(peers[0], first);
            send(peers[0], far);
            send(peers[0], near);
            send(peers[0], announce(40, 0)); // beyond max-held: dropped
            send(peers[0], announce(50, 0));
            assertThat(readFrame(inB)).isEqualTo(first);
            await().until(() -> harness.counter("peergate.backbone.announces", "outcome", "dropped") == 2);
            assertThat(harness.counter("peergate.backbone.announces", "outcome", "held")).isEqualTo(2);

            // once quiet (five announces over more than 2.5 s is under 2 a second)
            assertThat(readFrame(inB)).as("the nearer first").isEqualTo(near);
            assertThat(readFrame(inB)).isEqualTo(far);
            await().until(() -> harness.counter("peergate.backbone.announces", "outcome", "released") == 2);
            // a destination already relayed from this peer is known: never held again
            byte[] again = packet(0x01, 2, null, range(10, 26), 0, range(90, 130)); // a
                                                                                    // newer
                                                                                    // announce
            send(peers[0], again);
            assertThat(readFrame(inB)).isEqualTo(again);
        }
    }

}
