package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.peergate.reticulum.PacketHash;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} Reticulum packet hashes ({@link PacketHash}) the relay has
 * passed on. A frame whose hash is in the window is a duplicate (a loop between hubs, a
 * peer resending) and is not relayed again. Memory is bounded by the capacity.
 *
 * <p>
 * Hashing happens outside any lock, and a large window is split into stripes by hash,
 * each with its own lock and its own share of the capacity, so event loops relaying at
 * once rarely wait for each other. A packet always lands in the same stripe; the oldest
 * hash of a stripe leaves first. The first 128 bits of the hash are kept.
 */
public final class PacketHashWindow {

    private static final int STRIPES = 16;

    /** Below this many hashes per stripe a window is kept whole, oldest out first. */
    private static final int MIN_PER_STRIPE = 256;

    private final Stripe[] stripes;

    public PacketHashWindow(int capacity) {
        int count = capacity >= STRIPES * MIN_PER_STRIPE ? STRIPES : 1;
        stripes = new Stripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe(capacity / count + (i < capacity % count ? 1 : 0));
        }
    }

    /**
     * @return true the first time a packet is seen within the window, false for a
     * duplicate
     */
    public boolean firstSeen(ByteBuf frame) {
        ByteBuffer hash = ByteBuffer.wrap(PacketHash.of(frame));
        Key key = new Key(hash.getLong(), hash.getLong());
        Stripe stripe = stripes[(int) ((key.low() & Long.MAX_VALUE) % stripes.length)];
        synchronized (stripe) {
            return stripe.putIfAbsent(key, Boolean.TRUE) == null;
        }
    }

    public int size() {
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size();
            }
        }
        return size;
    }

    private record Key(long high, long low) {
    }

    private static final class Stripe extends LinkedHashMap<Key, Boolean> {

        private final int capacity;

        Stripe(int capacity) {
            super(Math.min(capacity, 1 << 16) * 2, 0.75f);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > capacity;
        }

    }

}
