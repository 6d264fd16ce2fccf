package io.peergate.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PacketHashWindowTests {

    private static ByteBuf packet(int flags, int hops, int transportIdFill, int bodyFill, int length) {
        ByteBuf buf = Unpooled.buffer(length);
        buf.writeByte(flags).writeByte(hops);
        int from = 2;
        if ((flags & 0x40) != 0) {
            for (int i = 0; i < 16; i++) {
                buf.writeByte(transportIdFill);
            }
            from = 18;
        }
        for (int i = from; i < length; i++) {
            buf.writeByte(bodyFill + i);
        }
        return buf;
    }

    @Test
    void samePacketWithOtherHopsOrUpperFlagBitsOrTransportIdIsADuplicate() {
        PacketHashWindow window = new PacketHashWindow(16);
        ByteBuf original = packet(0x01, 0, 0, 7, 40);
        ByteBuf moreHops = packet(0x01, 3, 0, 7, 40);
        ByteBuf viaTransport = packet(0x41, 1, 0xAB, 7, 56);
        ByteBuf viaOtherTransport = packet(0x41, 2, 0xCD, 7, 56);
        try {
            assertThat(window.firstSeen(original)).isTrue();
            assertThat(window.firstSeen(moreHops)).isFalse();
            assertThat(window.firstSeen(viaTransport)).isTrue(); // its hashed part is
                                                                 // longer: another packet
            assertThat(window.firstSeen(viaOtherTransport)).isFalse();
            assertThat(original.readerIndex()).isZero();
        }
        finally {
            original.release();
            moreHops.release();
            viaTransport.release();
            viaOtherTransport.release();
        }
    }

    @Test
    void windowIsBounded() {
        PacketHashWindow window = new PacketHashWindow(4);
        for (int i = 0; i < 10; i++) {
            ByteBuf p = packet(0x01, 0, 0, i, 30);
            assertThat(window.firstSeen(p)).isTrue();
            p.release();
        }
        assertThat(window.size()).isEqualTo(4);
        ByteBuf old = packet(0x01, 0, 0, 0, 30);
        assertThat(window.firstSeen(old)).as("forgotten once it left the window").isTrue();
        old.release();
    }

    private static ByteBuf numbered(int number) {
        return Unpooled.buffer(30).writeByte(0x01).writeByte(0).writeInt(number).writeZero(24);
    }

    @Test
    void aLargeWindowIsStripedAndStaysBounded() {
        int capacity = 16 * 256 * 4;
        PacketHashWindow window = new PacketHashWindow(capacity);
        for (int i = 0; i < capacity * 3; i++) {
            ByteBuf p = numbered(i);
            assertThat(window.firstSeen(p)).isTrue();
            p.release();
        }
        assertThat(window.size()).isEqualTo(capacity);
        // Each stripe forgets its own oldest: the newest half of a window's worth is
        // still
        // there in every stripe (checked newest first, so a miss would not evict others).
        for (int i = capacity * 3 - 1; i >= capacity * 3 - capacity / 2; i--) {
            ByteBuf p = numbered(i);
            assertThat(window.firstSeen(p)).as("packet %d", i).isFalse();
            p.release();
        }
    }

    @Test
    void agreesWithAFirstInFirstOutWindowWhenHashesCollideInTheTable() {
        // A small window over a small pool of packets: slots collide and keys are
        // removed from the middle of probe runs all the time.
        for (int capacity : new int[] { 1, 2, 3, 5, 8, 13 }) {
            PacketHashWindow window = new PacketHashWindow(capacity);
            LinkedHashSet<Integer> model = new LinkedHashSet<>();
            SplittableRandom random = new SplittableRandom(capacity);
            for (int step = 0; step < 50_000; step++) {
                int number = random.nextInt(capacity * 3);
                boolean expected = !model.contains(number);
                if (expected) {
                    model.add(number);
                    if (model.size() > capacity) {
                        model.remove(model.iterator().next());
                    }
                }
                ByteBuf p = numbered(number);
                assertThat(window.firstSeen(p)).as("capacity %d, step %d, packet %d", capacity, step, number)
                    .isEqualTo(expected);
                p.release();
            }
            assertThat(window.size()).isEqualTo(model.size());
        }
    }

}
