package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import java.security.DigestException;
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

    /** Packet bytes copied here for hashing, a block at a time. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    public static final int BYTES = 32;

    private PacketHash() {
    }

    /**
     * Writes the hash of the packet in {@code frame}'s readable bytes into
     * {@code out[0..32)}, allocating nothing: the relay hashes every frame it passes on.
     */
    public static void into(ByteBuf frame, byte[] out) {
        int start = frame.readerIndex();
        int flags = frame.getUnsignedByte(start);
        int from = (flags & HEADER_TYPE_2) != 0 ? 2 + TRUNCATED_HASH_BYTES : 2;
        MessageDigest sha = SHA256.get();
        byte[] scratch = SCRATCH.get();
        // the flags nibble and the packet in one update: a digest buffers a lone byte
        scratch[0] = (byte) (flags & 0x0F);
        int filled = 1;
        int end = start + frame.readableBytes();
        for (int at = start + from; at < end;) {
            int length = Math.min(scratch.length - filled, end - at);
            frame.getBytes(at, scratch, filled, length);
            sha.update(scratch, 0, filled + length);
            at += length;
            filled = 0;
        }
        if (filled == 1) {
            sha.update(scratch, 0, 1);
        }
        try {
            sha.digest(out, 0, BYTES);
        }
        catch (DigestException e) {
            throw new IllegalArgumentException("a packet hash needs " + BYTES + " bytes", e);
        }
    }

    /**
     * The hash of the packet in {@code frame}'s readable bytes; {@code frame} is left
     * untouched.
     */
    public static byte[] of(ByteBuf frame) {
        byte[] hash = new byte[BYTES];
        into(frame, hash);
        return hash;
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
