package io.peergate.reticulum;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Reticulum packets built by hand, by the reference implementation's layout, for tests.
 */
public final class Packets {

    public static final byte[] DESTINATION = range(0, 16);

    public static final byte[] TRANSPORT = range(200, 216);

    private Packets() {
    }

    /** The bytes {@code from} to {@code to - 1}. */
    public static byte[] range(int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int n = 0; n < bytes.length; n++) {
            bytes[n] = (byte) (from + n);
        }
        return bytes;
    }

    /** flags, hops, [transport id], destination, context, data. */
    public static byte[] packet(int flags, int hops, byte[] transportId, byte[] destination, int context, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.write(hops);
        if (transportId != null) {
            out.writeBytes(transportId);
        }
        out.writeBytes(destination);
        out.write(context);
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The 16 bytes of {@code hash}. */
    public static byte[] bytes(Hash16 hash) {
        byte[] bytes = new byte[16];
        for (int n = 0; n < 8; n++) {
            bytes[n] = (byte) (hash.high() >>> (56 - 8 * n));
            bytes[8 + n] = (byte) (hash.low() >>> (56 - 8 * n));
        }
        return bytes;
    }

}
