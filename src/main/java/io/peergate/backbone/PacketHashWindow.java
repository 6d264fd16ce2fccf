package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.peergate.reticulum.PacketHash;

/**
 * The last {@code capacity} Reticulum packet hashes ({@link PacketHash}) the relay has
 * passed on. A frame whose hash is in the window is a duplicate (a loop between hubs, a
 * peer resending) and is not relayed again. Memory is bounded by the capacity: 48 to 80
 * bytes per hash (two to four table slots and one ring entry), allocated up front.
 *
 * <p>
 * The relay asks once per frame, so a lookup allocates nothing and touches as little
 * memory as it can: the first 128 bits of each hash sit in an open-addressing table of
 * longs (linear probing, at most half full), and a ring remembers the order they came in,
 * so the oldest leaves first. Hashing happens outside any lock, and a large window is
 * split into stripes, each with its own lock and its own share of the capacity, so event
 * loops relaying at once rarely wait for each other. A packet always lands in the same
 * stripe.
 */
public final class PacketHashWindow {

    private static final int STRIPES = 16;

    /** Below this many hashes per stripe a window is kept whole, oldest out first. */
    private static final int MIN_PER_STRIPE = 256;

    private static final ThreadLocal<byte[]> HASH = ThreadLocal.withInitial(() -> new byte[PacketHash.BYTES]);

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
        byte[] hash = HASH.get();
        PacketHash.into(frame, hash);
        long high = longAt(hash, 0);
        long low = longAt(hash, 8);
        // SHA-256 bits are uniform: the high half picks the stripe, the low half the slot
        Stripe stripe = stripes[(int) ((high >>> 1) % stripes.length)];
        synchronized (stripe) {
            return stripe.add(high, low);
        }
    }

    public int size() {
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.count;
            }
        }
        return size;
    }

    private static long longAt(byte[] bytes, int at) {
        long value = 0;
        for (int i = at; i < at + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    /**
     * A set of 128-bit keys of bounded size, oldest out first. Slot {@code i} of the
     * table holds a key in {@code table[2i], table[2i+1]}; all-zero marks an empty slot,
     * so a (truncated SHA-256) hash of zero is stored as one, a collision no one can
     * arrange.
     */
    private static final class Stripe {

        private final int capacity;

        private final int mask;

        private final long[] table;

        /** Keys in the order they came, two longs each; {@code head} is the oldest. */
        private final long[] ring;

        private int head;

        private int count;

        Stripe(int capacity) {
            this.capacity = capacity;
            int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
            this.mask = slots - 1;
            this.table = new long[slots * 2];
            this.ring = new long[capacity * 2];
        }

        /** Adds the key unless it is there; the oldest leaves when the stripe is full. */
        boolean add(long high, long low) {
            if (high == 0 && low == 0) {
                low = 1;
            }
            if (find(high, low) >= 0) {
                return false;
            }
            if (count == capacity) {
                remove(ring[head * 2], ring[head * 2 + 1]);
                head = head + 1 == capacity ? 0 : head + 1;
                count--;
            }
            int slot = (int) low & mask;
            while (!empty(slot)) {
                slot = (slot + 1) & mask;
            }
            table[slot * 2] = high;
            table[slot * 2 + 1] = low;
            int tail = head + count < capacity ? head + count : head + count - capacity;
            ring[tail * 2] = high;
            ring[tail * 2 + 1] = low;
            count++;
            return true;
        }

        private int find(long high, long low) {
            for (int slot = (int) low & mask;; slot = (slot + 1) & mask) {
                if (empty(slot)) {
                    return -1;
                }
                if (table[slot * 2] == high && table[slot * 2 + 1] == low) {
                    return slot;
                }
            }
        }

        private boolean empty(int slot) {
            return table[slot * 2] == 0 && table[slot * 2 + 1] == 0;
        }

        /**
         * Backward-shift deletion: the keys after the removed one move up where their
         * probe would otherwise stop short at the hole.
         */
        private void remove(long high, long low) {
            int hole = find(high, low);
            if (hole < 0) {
                return;
            }
            int next = hole;
            while (true) {
                next = (next + 1) & mask;
                if (empty(next)) {
                    break;
                }
                int home = (int) table[next * 2 + 1] & mask;
                boolean staysPut = hole <= next ? hole < home && home <= next : hole < home || home <= next;
                if (!staysPut) {
                    table[hole * 2] = table[next * 2];
                    table[hole * 2 + 1] = table[next * 2 + 1];
                    hole = next;
                }
            }
            table[hole * 2] = 0;
            table[hole * 2 + 1] = 0;
        }

    }

}
