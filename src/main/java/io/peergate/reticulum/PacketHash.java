package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reticulum's packet hash: SHA-256 over the low nibble of the flags byte followed by the
 * packet from byte 2 (header type 1) or from byte 18 (header type 2, skipping the
 * transport id), so the same packet relayed by different transports, with any hop count,
 * hashes the same.
 */
public final class PacketHash {

    /**
     * Bit 6 of the flags byte: header type 2, which carries a 16-byte transport id before
     * the hashed part.
     */
    private static final int HEADER_TYPE_2 = 0x40;

    private static final int TRUNCATED_HASH_BYTES = 16;

    /**
     * One digest per thread: {@code getInstance} per packet costs more than the hashing.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(PacketHash::sha256);

    private PacketHash() {
    }

    /**
     * The hash of the packet in {@code frame}'s readable bytes; {@code frame} is left
     * untouched.
     */
    public static byte[] of(ByteBuf frame) {
        int start = frame.readerIndex();
        int flags = frame.getUnsignedByte(start);
        int from = (flags & HEADER_TYPE_2) != 0 ? 2 + TRUNCATED_HASH_BYTES : 2;
        MessageDigest sha = SHA256.get();
        sha.update((byte) (flags & 0x0F));
        int length = frame.readableBytes();
        if (length > from) {
            sha.update(frame.nioBuffer(start + from, length - from));
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

}
