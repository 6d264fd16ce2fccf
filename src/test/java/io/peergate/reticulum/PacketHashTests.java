package io.peergate.reticulum;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Reticulum's packet hash against digests computed independently (Python's hashlib). */
class PacketHashTests {

    @Test
    void headerType1HashesTheFlagsNibbleAndEverythingAfterTheHops() {
        ByteBuf packet = Unpooled.buffer().writeByte(0x11).writeByte(3);
        for (int i = 0; i < 40; i++) {
            packet.writeByte(i);
        }
        assertHash(packet, "7b1bdf2d1fcebf6093c153ecae830e36480a27d53b7ad120e8eff275140a998c");
    }

    @Test
    void headerType2SkipsTheTransportId() {
        ByteBuf packet = Unpooled.buffer().writeByte(0x41).writeByte(7);
        for (int i = 0; i < 16; i++) {
            packet.writeByte(0xAA);
        }
        for (int i = 0; i < 30; i++) {
            packet.writeByte(i);
        }
        assertHash(packet, "9c5243f985d2ebd225f7ebfd71b38dc32dc1d396f29874fe6cb447229cc6061d");
    }

    @Test
    void packetsLongerThanTheCopyBlockAndPacketsWithNothingAfterTheHeader() {
        ByteBuf big = Unpooled.directBuffer().writeByte(0).writeByte(0);
        for (int i = 0; i < 9000; i++) {
            big.writeByte(i * 7);
        }
        assertHash(big, "f6bdbb15e31f6517377a501ecf93ebab653da6e8cbcfb36651ad159600977ab7");
        assertHash(Unpooled.buffer().writeByte(0x01).writeByte(0),
                "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a");
    }

    @Test
    void readsFromTheReaderIndexAndLeavesTheBufferUntouched() {
        ByteBuf packet = Unpooled.buffer().writeZero(5).writeByte(0x11).writeByte(3);
        for (int i = 0; i < 40; i++) {
            packet.writeByte(i);
        }
        packet.skipBytes(5);
        assertHash(packet, "7b1bdf2d1fcebf6093c153ecae830e36480a27d53b7ad120e8eff275140a998c");
    }

    private static void assertHash(ByteBuf packet, String hex) {
        int reader = packet.readerIndex();
        int writer = packet.writerIndex();
        try {
            assertThat(HexFormat.of().formatHex(PacketHash.of(packet))).isEqualTo(hex);
            byte[] out = new byte[PacketHash.BYTES];
            PacketHash.into(packet, out);
            assertThat(HexFormat.of().formatHex(out)).as("again, with the same per-thread digest").isEqualTo(hex);
            assertThat(packet.readerIndex()).isEqualTo(reader);
            assertThat(packet.writerIndex()).isEqualTo(writer);
        }
        finally {
            packet.release();
        }
    }

}
