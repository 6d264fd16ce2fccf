package io.peergate.reticulum;

import static io.peergate.reticulum.Packets.DESTINATION;
import static io.peergate.reticulum.Packets.TRANSPORT;
import static io.peergate.reticulum.Packets.concat;
import static io.peergate.reticulum.Packets.packet;
import static io.peergate.reticulum.Packets.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * Headers built by hand by the reference implementation's rules ({@code RNS/Packet.py}):
 * each header type, packet type and destination type, the IFAC bit, frames too short for
 * their header; link ids and truncated packet hashes against digests computed with
 * Python's hashlib.
 */
class PacketHeaderTests {

    private static PacketHeader parse(byte[] packet) {
        ByteBuf frame = Unpooled.wrappedBuffer(packet);
        try {
            return PacketHeader.parse(frame);
        }
        finally {
            frame.release();
        }
    }

    @Test
    void headerType1FieldsByTheFlagsBits() {
        // header 1, context flag, broadcast, SINGLE, DATA
        PacketHeader data = parse(packet(0b0010_0000, 3, null, DESTINATION, 0x09, new byte[] { 1 }));
        assertThat(data.headerType()).isEqualTo(1);
        assertThat(data.contextFlag()).isTrue();
        assertThat(data.transportType()).isZero();
        assertThat(data.destinationType()).isEqualTo(PacketHeader.SINGLE);
        assertThat(data.packetType()).isEqualTo(PacketHeader.DATA);
        assertThat(data.hops()).isEqualTo(3);
        assertThat(data.transportId()).isNull();
        assertThat(data.destination()).isEqualTo(Hash16.of(DESTINATION, 0));
        assertThat(data.context()).isEqualTo(0x09);
        assertThat(data.dataOffset()).isEqualTo(19);

        // every destination type and packet type
        for (int destinationType = 0; destinationType < 4; destinationType++) {
            for (int packetType = 0; packetType < 4; packetType++) {
                PacketHeader header = parse(
                        packet((destinationType << 2) | packetType, 0, null, DESTINATION, 0, new byte[0]));
                assertThat(header.destinationType()).isEqualTo(destinationType);
                assertThat(header.packetType()).isEqualTo(packetType);
                assertThat(header.contextFlag()).isFalse();
            }
        }
    }

    @Test
    void headerType2CarriesTheTransportIdFirst() {
        // header 2, transport, GROUP, ANNOUNCE
        PacketHeader header = parse(packet(0b0101_0101, 7, TRANSPORT, DESTINATION, 0, new byte[] { 9 }));
        assertThat(header.headerType()).isEqualTo(2);
        assertThat(header.transportType()).isEqualTo(1);
        assertThat(header.destinationType()).isEqualTo(PacketHeader.GROUP);
        assertThat(header.packetType()).isEqualTo(PacketHeader.ANNOUNCE);
        assertThat(header.transportId()).isEqualTo(Hash16.of(TRANSPORT, 0));
        assertThat(header.destination()).isEqualTo(Hash16.of(DESTINATION, 0));
        assertThat(header.dataOffset()).isEqualTo(35);
    }

    @Test
    void ifacOrTooShortHasNoHeaderToRead() {
        assertThat(parse(packet(0x80, 0, null, DESTINATION, 0, new byte[10]))).as("IFAC").isNull();
        assertThat(parse(new byte[18])).as("18 bytes for header 1").isNull();
        assertThat(parse(packet(0x40, 0, null, DESTINATION, 0, new byte[15]))).as("34 bytes for header 2").isNull();
        assertThat(parse(packet(0x40, 0, null, DESTINATION, 0, new byte[16]))).as("35 bytes").isNotNull();
    }

    @Test
    void aLinkProofIsAProofToALinkWithTheLrproofContext() {
        assertThat(parse(packet(0x0F, 0, null, DESTINATION, 0xFF, new byte[64])).isLinkProof()).isTrue();
        assertThat(parse(packet(0x0F, 0, null, DESTINATION, 0xFD, new byte[64])).isLinkProof()).isFalse();
        assertThat(parse(packet(0x03, 0, null, DESTINATION, 0xFF, new byte[64])).isLinkProof()).isFalse();
    }

    @Test
    void theLinkIdLeavesOutTheMtuSignallingBytes() {
        byte[] keys = range(100, 164);
        byte[] withSignalling = packet(0x02, 0, null, DESTINATION, 0,
                concat(keys, new byte[] { 0x21, 0x05, (byte) 0xdc }));
        byte[] withoutSignalling = packet(0x02, 4, null, DESTINATION, 0, keys);
        // hashlib: sha256(bytes([0x02]) + raw[2:-3])[:16]
        assertThat(linkId(withSignalling).toString()).isEqualTo("b7b918a0d6bfb27a782255e39e668d8c");
        assertThat(linkId(withoutSignalling)).as("hops are not hashed").isEqualTo(linkId(withSignalling));
    }

    @Test
    void theTruncatedHashOfAHeader2PacketSkipsTheTransportId() {
        byte[] packet = packet(0x50, 3, TRANSPORT, DESTINATION, 0, "hello".getBytes());
        ByteBuf frame = Unpooled.wrappedBuffer(packet);
        try {
            // hashlib: sha256(bytes([0x50 & 0x0F]) + raw[18:])[:16]
            assertThat(PacketHeader.truncatedHash(frame).toString()).isEqualTo("e0fb1445653f048ee10d44dfe28e744f");
            byte[] full = PacketHash.of(frame);
            assertThat(PacketHeader.truncatedHash(frame)).isEqualTo(Hash16.of(full, 0));
        }
        finally {
            frame.release();
        }
    }

    private static Hash16 linkId(byte[] packet) {
        ByteBuf frame = Unpooled.wrappedBuffer(packet);
        try {
            return PacketHeader.linkId(frame, PacketHeader.parse(frame));
        }
        finally {
            frame.release();
        }
    }

}
