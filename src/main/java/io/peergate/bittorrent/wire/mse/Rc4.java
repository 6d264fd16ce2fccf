package io.peergate.bittorrent.wire.mse;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * RC4 as Message Stream Encryption uses it: one keystream per direction, of which the
 * first 1024 bytes are discarded. Encrypting and decrypting are the same operation, done
 * in place.
 */
public final class Rc4 {

    /** Keystream bytes MSE throws away before the first byte it uses. */
    public static final int DISCARD = 1024;

    /** The permutation, as ints: no sign masking in the loop. */
    private final int[] state = new int[256];

    private int i;

    private int j;

    /** A keystream for {@code key}, with the first {@link #DISCARD} bytes gone. */
    public static Rc4 forMse(byte[] key) {
        Rc4 rc4 = new Rc4(key);
        rc4.skip(DISCARD);
        return rc4;
    }

    public Rc4(byte[] key) {
        if (key.length == 0 || key.length > 256) {
            throw new IllegalArgumentException("an RC4 key has 1 to 256 bytes, not " + key.length);
        }
        for (int n = 0; n < 256; n++) {
            state[n] = n;
        }
        int k = 0;
        for (int n = 0; n < 256; n++) {
            k = (k + state[n] + (key[n % key.length] & 0xff)) & 0xff;
            int t = state[n];
            state[n] = state[k];
            state[k] = t;
        }
    }

    private int next() {
        int[] s = state;
        int x = (i + 1) & 0xff;
        int sx = s[x];
        int y = (j + sx) & 0xff;
        int sy = s[y];
        s[x] = sy;
        s[y] = sx;
        i = x;
        j = y;
        return s[(sx + sy) & 0xff];
    }

    /** Advances the keystream by {@code count} bytes. */
    public void skip(int count) {
        for (int n = 0; n < count; n++) {
            next();
        }
    }

    /**
     * XORs {@code length} bytes of {@code bytes} from {@code offset} with the keystream.
     */
    public void apply(byte[] bytes, int offset, int length) {
        int[] s = state;
        int x = i;
        int y = j;
        for (int n = offset, end = offset + length; n < end; n++) {
            x = (x + 1) & 0xff;
            int sx = s[x];
            y = (y + sx) & 0xff;
            int sy = s[y];
            s[x] = sy;
            s[y] = sx;
            bytes[n] ^= (byte) s[(sx + sy) & 0xff];
        }
        i = x;
        j = y;
    }

    /**
     * XORs the readable bytes of {@code buf} with the keystream, in place: on the backing
     * array when there is one, else through its one NIO view, eight bytes at a time (one
     * access to the buffer, not one per byte: a leak-tracking wrapper records each).
     */
    public void apply(ByteBuf buf) {
        int from = buf.readerIndex();
        int length = buf.readableBytes();
        if (buf.hasArray()) {
            apply(buf.array(), buf.arrayOffset() + from, length);
            return;
        }
        if (buf.nioBufferCount() == 1) {
            apply(buf.nioBuffer(from, length));
            return;
        }
        int n = from;
        int end = from + length;
        for (; n + 8 <= end; n += 8) {
            buf.setLong(n, buf.getLong(n) ^ nextLong());
        }
        for (; n < end; n++) {
            buf.setByte(n, buf.getByte(n) ^ next());
        }
    }

    /**
     * XORs the remaining bytes of {@code buffer} in place; its position does not move.
     */
    private void apply(ByteBuffer buffer) {
        int n = buffer.position();
        int end = buffer.limit();
        for (; n + 8 <= end; n += 8) {
            buffer.putLong(n, buffer.getLong(n) ^ nextLong());
        }
        for (; n < end; n++) {
            buffer.put(n, (byte) (buffer.get(n) ^ next()));
        }
    }

    /** The next eight keystream bytes, the first in the high byte (big-endian). */
    private long nextLong() {
        long stream = 0;
        for (int k = 0; k < 8; k++) {
            stream = (stream << 8) | next();
        }
        return stream;
    }

}
