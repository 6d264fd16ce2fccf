package io.peergate.bittorrent.wire.mse;

import io.netty.buffer.ByteBuf;

/**
 * RC4 as Message Stream Encryption uses it: one keystream per direction, of which the
 * first 1024 bytes are discarded. Encrypting and decrypting are the same operation, done
 * in place.
 */
public final class Rc4 {

    /** Keystream bytes MSE throws away before the first byte it uses. */
    public static final int DISCARD = 1024;

    private final byte[] state = new byte[256];

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
            state[n] = (byte) n;
        }
        int k = 0;
        for (int n = 0; n < 256; n++) {
            k = (k + (state[n] & 0xff) + (key[n % key.length] & 0xff)) & 0xff;
            swap(n, k);
        }
    }

    private void swap(int a, int b) {
        byte t = state[a];
        state[a] = state[b];
        state[b] = t;
    }

    private byte next() {
        i = (i + 1) & 0xff;
        j = (j + (state[i] & 0xff)) & 0xff;
        swap(i, j);
        return state[((state[i] & 0xff) + (state[j] & 0xff)) & 0xff];
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
        for (int n = offset; n < offset + length; n++) {
            bytes[n] ^= next();
        }
    }

    /** XORs the readable bytes of {@code buf} with the keystream, in place. */
    public void apply(ByteBuf buf) {
        for (int n = buf.readerIndex(); n < buf.writerIndex(); n++) {
            buf.setByte(n, buf.getByte(n) ^ next());
        }
    }

}
