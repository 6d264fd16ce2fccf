package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Frames payloads: FLAG, the payload with FLAG and ESC escaped, FLAG. A utility rather
 * than a pipeline encoder: the relay frames a payload once and shares the bytes with
 * every destination, so no pipeline encodes per peer.
 */
public final class HdlcEncoder {

    private HdlcEncoder() {
    }

    /**
     * A new buffer holding the frame of {@code payload}'s readable bytes, sized exactly;
     * {@code payload} is untouched.
     */
    public static ByteBuf frame(ByteBufAllocator alloc, ByteBuf payload) {
        int firstSpecial = firstSpecial(payload);
        int escapes = firstSpecial < 0 ? 0 : countEscapes(payload, firstSpecial, payload.writerIndex());
        ByteBuf out = alloc.ioBuffer(payload.readableBytes() + escapes + 2);
        encode(payload, out, firstSpecial);
        return out;
    }

    /**
     * Appends the frame of {@code payload}'s readable bytes to {@code out}, leaving
     * {@code payload} untouched.
     */
    public static void encode(ByteBuf payload, ByteBuf out) {
        encode(payload, out, firstSpecial(payload));
    }

    /**
     * Index of the first FLAG or ESC in {@code payload}'s readable bytes, -1 when there
     * is none.
     */
    private static int firstSpecial(ByteBuf payload) {
        return Hdlc.indexOfSpecial(payload, payload.readerIndex(), payload.writerIndex());
    }

    private static void encode(ByteBuf payload, ByteBuf out, int firstSpecial) {
        int start = payload.readerIndex();
        int end = payload.writerIndex();
        out.writeByte(Hdlc.FLAG);
        // Everything before the first byte to escape goes in one bulk copy: the whole
        // payload, usually.
        out.writeBytes(payload, start, (firstSpecial < 0 ? end : firstSpecial) - start);
        if (firstSpecial >= 0) {
            // The rest in one tight loop over a per-thread scratch array, whatever the
            // density of escapes.
            int length = end - firstSpecial;
            byte[] bytes = Hdlc.scratch(3 * length);
            payload.getBytes(firstSpecial, bytes, 0, length);
            int written = length;
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b == Hdlc.FLAG || b == Hdlc.ESC) {
                    bytes[written++] = Hdlc.ESC;
                    bytes[written++] = (byte) (b ^ Hdlc.ESC_MASK);
                }
                else {
                    bytes[written++] = b;
                }
            }
            out.writeBytes(bytes, length, written - length);
        }
        out.writeByte(Hdlc.FLAG);
    }

    /** FLAG and ESC bytes in {@code buf[from, to)}. */
    private static int countEscapes(ByteBuf buf, int from, int to) {
        int count = 0;
        for (int at = Hdlc.indexOfSpecial(buf, from, to); at >= 0; at = Hdlc.indexOfSpecial(buf, at + 1, to)) {
            count++;
        }
        return count;
    }

}
