package io.peergate.bittorrent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.peergate.bittorrent.wire.mse.MseKeyExchange;

/**
 * Bytes of an MSE handshake that cannot go to the protocol code yet: read before the
 * other side's public key is whole, or while the key exchange runs on a worker. Bounded:
 * an honest side sends at most its key and 512 bytes of padding before it has the other
 * key.
 */
final class HeldBytes {

    /** The most a side may send before it has the gateway's key, with room to spare. */
    static final int MAX = 4096;

    private ByteBuf held;

    /**
     * Holds {@code buf}'s readable bytes and releases it.
     * @return false when more than {@link #MAX} bytes are now held
     */
    boolean add(ByteBufAllocator alloc, ByteBuf buf) {
        try {
            if (held == null) {
                held = alloc.buffer(Math.max(buf.readableBytes(), MseKeyExchange.KEY_BYTES));
            }
            held.writeBytes(buf);
            return held.readableBytes() <= MAX;
        }
        finally {
            buf.release();
        }
    }

    int readable() {
        return held == null ? 0 : held.readableBytes();
    }

    /** Whether the other side's whole public key is held. */
    boolean hasKey() {
        return readable() >= MseKeyExchange.KEY_BYTES;
    }

    /** Everything held, as an array; nothing is held after. */
    byte[] take() {
        if (held == null) {
            return new byte[0];
        }
        byte[] bytes = ByteBufUtil.getBytes(held);
        held.clear();
        return bytes;
    }

    void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

}
