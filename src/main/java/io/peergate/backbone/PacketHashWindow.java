package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} Reticulum packet hashes the relay has passed on. A frame whose hash is in the window is a
 * duplicate (a loop between hubs, a peer resending) and is not relayed again. Memory is bounded by the capacity.
 */
public final class PacketHashWindow {

    /** Bit 6 of the flags byte: header type 2, which carries a 16-byte transport id before the hashed part. */
    private static final int HEADER_TYPE_2 = 0x40;
    private static final int TRUNCATED_HASH_BYTES = 16;

    private final int capacity;
    private final Map<Key, Boolean> seen;

    public PacketHashWindow(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 2, 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > PacketHashWindow.this.capacity;
            }
        };
    }

    /** @return true the first time a packet is seen within the window, false for a duplicate */
    public boolean firstSeen(ByteBuf frame) {
        Key key = new Key(packetHash(frame));
        synchronized (seen) {
            return seen.putIfAbsent(key, Boolean.TRUE) == null;
        }
    }

    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    /**
     * Reticulum's packet hash: SHA-256 over the low nibble of the flags byte followed by the packet from byte 2
     * (header type 1) or from byte 18 (header type 2, skipping the transport id), so the same packet relayed by
     * different transports hashes the same.
     */
    public static byte[] packetHash(ByteBuf frame) {
        int start = frame.readerIndex();
        int flags = frame.getUnsignedByte(start);
        int from = (flags & HEADER_TYPE_2) != 0 ? 2 + TRUNCATED_HASH_BYTES : 2;
        MessageDigest sha = sha256();
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
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record Key(byte[] hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(hash, key.hash);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hash);
        }
    }
}
