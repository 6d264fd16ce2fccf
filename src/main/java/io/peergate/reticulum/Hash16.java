package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;

/**
 * A 16-byte Reticulum hash (a destination, transport id, link id or truncated packet
 * hash) as two longs: a map key that costs no array per lookup.
 */
public record Hash16(long high, long low) {

    public static final int BYTES = 16;

    /** The 16 bytes of {@code buf} at absolute {@code index}. */
    public static Hash16 at(ByteBuf buf, int index) {
        return new Hash16(buf.getLong(index), buf.getLong(index + 8));
    }

    /** The first 16 bytes of {@code bytes} from {@code offset}. */
    public static Hash16 of(byte[] bytes, int offset) {
        long high = 0;
        long low = 0;
        for (int n = 0; n < 8; n++) {
            high = (high << 8) | (bytes[offset + n] & 0xff);
            low = (low << 8) | (bytes[offset + 8 + n] & 0xff);
        }
        return new Hash16(high, low);
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

}
