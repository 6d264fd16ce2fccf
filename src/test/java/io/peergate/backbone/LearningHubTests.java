package io.peergate.backbone;

import static io.peergate.backbone.BackboneHarness.readFrame;
import static io.peergate.backbone.BackboneHarness.reader;
import static io.peergate.backbone.BackboneHarness.send;
import static io.peergate.reticulum.Packets.concat;
import static io.peergate.reticulum.Packets.packet;
import static io.peergate.reticulum.Packets.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.peergate.reticulum.PacketHeader;
import io.peergate.reticulum.Packets;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A {@code learn} hub with three raw peers: A and B set up a link with hand-built link
 * request and proof frames; from then on C hears none of their link's packets, while
 * announces still reach everyone.
 */
class LearningHubTests {

    private static final byte[] DEST_A = range(30, 46);

    private static final byte[] DEST_B = range(60, 76);

    private static byte[] announce(byte[] destination, int seed) {
        return packet(0x01, 0, null, destination, 0, range(seed, seed + 40));
    }

    @Test
    void aLinksPacketsGoToItsOtherEndAloneAndAnnouncesToEveryone() throws Exception {
        try (BackboneHarness harness = new BackboneHarness(RelayMode.LEARN, new BackboneHarness.Server())) {
            Socket[] peers = harness.connectPeers(3);
            Socket[] a = { peers[0] };
            Socket[] b = { peers[1] };
            Socket[] c = { peers[2] };
            InputStream inA = reader(a[0]);
            InputStream inB = reader(b[0]);
            InputStream inC = reader(c[0]);

            // announces are flooded, and teach where A's and B's destinations are
            byte[] announceA = announce(DEST_A, 1);
            send(a[0], announceA);
            assertThat(readFrame(inB)).isEqualTo(announceA);
            assertThat(readFrame(inC)).isEqualTo(announceA);
            byte[] announceB = announce(DEST_B, 2);
            send(b[0], announceB);
            assertThat(readFrame(inA)).isEqualTo(announceB);
            assertThat(readFrame(inC)).isEqualTo(announceB);

            // A asks B's destination for a link: to B alone
            byte[] request = packet(0x02, 0, null, DEST_B, 0, concat(range(100, 164), new byte[] { 0x21, 5, 1 }));
            send(a[0], request);
            assertThat(readFrame(inB)).isEqualTo(request);
            // B proves it, addressed to the link id: to A alone
            byte[] linkId = linkId(request);
            byte[] proof = packet(0x0F, 0, null, linkId, 0xFF, range(0, 99));
            send(b[0], proof);
            assertThat(readFrame(inA)).isEqualTo(proof);
            // the link's traffic both ways, end to end
            for (int n = 0; n < 5; n++) {
                byte[] toB = packet(0x0C, 0, null, linkId, 0, new byte[] { 1, (byte) n });
                byte[] toA = packet(0x0C, 0, null, linkId, 0, new byte[] { 2, (byte) n });
                send(a[0], toB);
                send(b[0], toA);
                assertThat(readFrame(inB)).isEqualTo(toB);
                assertThat(readFrame(inA)).isEqualTo(toA);
            }
            // flooded and linked frames from one sender, in one write, reach B in the
            // order sent
            byte[][] mixed = { announce(DEST_A, 7), packet(0x0C, 0, null, linkId, 0, new byte[] { 3, 1 }),
                    packet(0x0C, 0, null, linkId, 0, new byte[] { 3, 2 }), announce(DEST_A, 8),
                    packet(0x0C, 0, null, linkId, 0, new byte[] { 3, 3 }) };
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (byte[] frame : mixed) {
                burst.writeBytes(BackboneHarness.frame(frame));
            }
            a[0].getOutputStream().write(burst.toByteArray());
            for (byte[] frame : mixed) {
                assertThat(readFrame(inB)).isEqualTo(frame);
            }
            assertThat(readFrame(inC)).isEqualTo(mixed[0]);
            assertThat(readFrame(inC)).as("C gets the announces alone").isEqualTo(mixed[3]);
            // a packet to A's destination from C: to A alone; its proof back to C alone
            byte[] data = packet(0x00, 0, null, DEST_A, 0, new byte[] { 9 });
            send(c[0], data);
            assertThat(readFrame(inA)).isEqualTo(data);
            byte[] dataProof = packet(0x03, 0, null, truncatedHash(data), 0, range(0, 64));
            send(a[0], dataProof);
            assertThat(readFrame(inC)).isEqualTo(dataProof);

            // C heard none of it: the next thing it hears is this announce
            byte[] marker = announce(DEST_A, 3);
            send(a[0], marker);
            assertThat(readFrame(inC)).as("C heard none of the link's packets").isEqualTo(marker);
            assertThat(readFrame(inB)).isEqualTo(marker);
            await().until(() -> harness.backbone.relay().unicast() == 17);
            assertThat(harness.backbone.relay().flooded()).isEqualTo(5);
            assertThat(
                    harness.meters.get("peergate.backbone.forwarded").tag("mode", "unicast").functionCounter().count())
                .isEqualTo(17);
            assertThat(harness.meters.get("peergate.backbone.forwarded").tag("mode", "flood").functionCounter().count())
                .isEqualTo(5);
            assertThat(harness.backbone.relay().routes().links()).isEqualTo(1);
            // fan-out: five floods to two peers each, seventeen to one
            await().until(() -> harness.backbone.relay().deliveries() == 5 * 2 + 17);
        }
    }

    @Test
    void aFloodHubStillCopiesEverythingToEveryone() throws Exception {
        try (BackboneHarness harness = new BackboneHarness()) {
            Socket[] peers = harness.connectPeers(3);
            InputStream inC = reader(peers[2]);
            send(peers[1], announce(DEST_B, 2));
            readFrame(inC);
            byte[] request = packet(0x02, 0, null, DEST_B, 0, range(100, 164));
            send(peers[0], request);
            assertThat(readFrame(inC)).isEqualTo(request);
            assertThat(harness.backbone.relay().unicast()).isZero();
        }
    }

    private static byte[] linkId(byte[] request) {
        ByteBuf frame = Unpooled.wrappedBuffer(request);
        try {
            return Packets.bytes(PacketHeader.linkId(frame, PacketHeader.parse(frame)));
        }
        finally {
            frame.release();
        }
    }

    private static byte[] truncatedHash(byte[] packet) {
        ByteBuf frame = Unpooled.wrappedBuffer(packet);
        try {
            return Packets.bytes(PacketHeader.truncatedHash(frame));
        }
        finally {
            frame.release();
        }
    }

}
