package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.peergate.reticulum.PacketHash;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} Reticulum packet hashes ({@link PacketHash}) the relay has
 * passed on. A frame whose hash is in the window is a duplicate (a loop between hubs, a
 * peer resending) and is not relayed again. Memory is bounded by the capacity.
 */
public final class PacketHashWindow {

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

    /**
     * @return true the first time a packet is seen within the window, false for a
     * duplicate
     */
    public boolean firstSeen(ByteBuf frame) {
        Key key = new Key(PacketHash.of(frame));
        synchronized (seen) {
            return seen.putIfAbsent(key, Boolean.TRUE) == null;
        }
    }

    public int size() {
        synchronized (seen) {
            return seen.size();
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
