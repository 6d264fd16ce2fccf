package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reticulum's HDLC-like framing: FLAG-delimited frames, ESC-escaped payload bytes. */
public final class Hdlc {

    public static final byte FLAG = 0x7E;

    public static final byte ESC = 0x7D;

    public static final byte ESC_MASK = 0x20;

    /**
     * Reticulum's HEADER_MINSIZE: frames of this many bytes or fewer cannot be packets.
     */
    public static final int HEADER_MINSIZE = 19;

    /**
     * Scratch arrays of the codec, one per thread (event loops are few), grown to the
     * largest frame seen.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[4096];
        }
    };

    private Hdlc() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ESC_BYTES = 0x7D7D7D7D7D7D7D7DL;

    private static final long FLAG_BYTES = 0x7E7E7E7E7E7E7E7EL;

    private static final long ONES = 0x0101010101010101L;

    private static final long HIGHS = 0x8080808080808080L;

    /**
     * First index of ESC in {@code bytes[from, to)}, or -1; eight bytes per step (SWAR).
     */
    static int indexOfEsc(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ ESC_BYTES; // ESC bytes become zero
            long zeros = (word - ONES) & ~word & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == ESC) {
                return i;
            }
        }
        return -1;
    }

    /**
     * First index of FLAG or ESC in {@code buf[from, to)}, or -1; eight bytes per step
     * (SWAR), since the encoder looks at every byte of every frame the relay passes on.
     */
    static int indexOfSpecial(ByteBuf buf, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = buf.getLongLE(i);
            long flags = word ^ FLAG_BYTES; // FLAG bytes become zero
            long escapes = word ^ ESC_BYTES; // ESC bytes become zero
            // each term's lowest set bit marks a true zero byte, so the lower of the two
            // is the first special byte
            long zeros = ((flags - ONES) & ~flags | (escapes - ONES) & ~escapes) & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = buf.getByte(i);
            if (b == FLAG || b == ESC) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Largest scratch array a thread keeps; bigger requests (huge frames, rare) get a
     * one-off array.
     */
    private static final int MAX_KEPT_SCRATCH = 4 * 1024 * 1024;

    /** This thread's scratch array, at least {@code length} long. */
    static byte[] scratch(int length) {
        if (length > MAX_KEPT_SCRATCH) {
            return new byte[length];
        }
        byte[] bytes = SCRATCH.get();
        if (bytes.length < length) {
            bytes = new byte[Math.min(MAX_KEPT_SCRATCH, Math.max(length, bytes.length * 2))];
            SCRATCH.set(bytes);
        }
        return bytes;
    }

}
