package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;

/**
 * The header of a Reticulum packet, read as the reference implementation's
 * {@code RNS/Packet.py} writes it, without decrypting or checking anything: the flags
 * byte (IFAC 0x80, header type bit 6, context flag bit 5, transport type bit 4,
 * destination type bits 3–2, packet type bits 1–0), the hop count, for header type 2 the
 * 16-byte transport id, the 16-byte destination hash and the context byte.
 *
 * @param headerType 1 or 2
 * @param transportId the transport id of a header-type-2 packet, else null
 * @param dataOffset where the data starts, counted from the frame's first byte
 */
public record PacketHeader(int flags, int headerType, boolean contextFlag, int transportType, int destinationType,
        int packetType, int hops, Hash16 transportId, Hash16 destination, int context, int dataOffset) {

    public static final int IFAC = 0x80;

    public static final int DATA = 0;

    public static final int ANNOUNCE = 1;

    public static final int LINKREQUEST = 2;

    public static final int PROOF = 3;

    public static final int SINGLE = 0;

    public static final int GROUP = 1;

    public static final int PLAIN = 2;

    public static final int LINK = 3;

    /**
     * The context of a link request's proof, which carries the link id as destination.
     */
    public static final int LRPROOF = 0xFF;

    /** Public keys in a link request (X25519 and Ed25519); more are MTU signalling. */
    static final int LINK_REQUEST_KEYS = 64;

    private static final int HEADER_1_LENGTH = 2 + Hash16.BYTES + 1;

    private static final int HEADER_2_LENGTH = 2 + 2 * Hash16.BYTES + 1;

    /**
     * The header of the packet in {@code frame}'s readable bytes, or null when it has
     * none to read: too short for its header type, or the IFAC bit set (an interface
     * access code the hub does not hold hides the rest).
     */
    public static PacketHeader parse(ByteBuf frame) {
        int start = frame.readerIndex();
        int length = frame.readableBytes();
        if (length < HEADER_1_LENGTH) {
            return null;
        }
        int flags = frame.getUnsignedByte(start);
        if ((flags & IFAC) != 0) {
            return null;
        }
        int headerType = (flags & 0x40) != 0 ? 2 : 1;
        int hops = frame.getUnsignedByte(start + 1);
        Hash16 transportId = null;
        int at = start + 2;
        if (headerType == 2) {
            if (length < HEADER_2_LENGTH) {
                return null;
            }
            transportId = Hash16.at(frame, at);
            at += Hash16.BYTES;
        }
        Hash16 destination = Hash16.at(frame, at);
        at += Hash16.BYTES;
        int context = frame.getUnsignedByte(at);
        return new PacketHeader(flags, headerType, (flags & 0x20) != 0, (flags >> 4) & 0x01, (flags >> 2) & 0x03,
                flags & 0x03, hops, transportId, destination, context, at + 1 - start);
    }

    public boolean isLinkProof() {
        return packetType == PROOF && context == LRPROOF && destinationType == LINK;
    }

    /**
     * The link id a link request makes, as {@code RNS.Link.link_id_from_lr_packet} does:
     * the truncated SHA-256 of the packet's hashable part, less the MTU signalling bytes
     * that follow the two public keys.
     */
    public static Hash16 linkId(ByteBuf frame, PacketHeader header) {
        int start = frame.readerIndex();
        int end = start + frame.readableBytes();
        int data = end - (start + header.dataOffset());
        if (data > LINK_REQUEST_KEYS) {
            end -= data - LINK_REQUEST_KEYS;
        }
        return truncatedHash(frame.slice(start, end - start));
    }

    /**
     * The packet's truncated hash (the first 16 bytes of its packet hash): what a proof
     * of it is addressed to.
     */
    public static Hash16 truncatedHash(ByteBuf frame) {
        return Hash16.of(PacketHash.of(frame), 0);
    }

}
