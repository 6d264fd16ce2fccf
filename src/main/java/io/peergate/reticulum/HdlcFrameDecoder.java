package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits Reticulum's HDLC framing into payloads. Bytes before the first FLAG are noise
 * and skipped; a closing FLAG may open the next frame; empty frames are skipped. Frames
 * of 19 bytes or fewer and frames above {@code hwMtu} are dropped and reported; input
 * that grows past {@code 2 × hwMtu} without a closing FLAG is discarded and reported, so
 * one peer never makes the node hold more than that.
 */
public final class HdlcFrameDecoder extends ByteToMessageDecoder {

    private final int hwMtu;

    private final Consumer<FrameDropReason> onDrop;

    /**
     * Whether the last FLAG read opened a frame. The FLAG itself is consumed, so input
     * that ends on a FLAG leaves nothing behind and the next read is decoded in place
     * instead of being copied onto a leftover byte.
     */
    private boolean opened;

    /**
     * How far past the frame's start the closing FLAG is known to be absent; saves
     * rescanning big frames.
     */
    private int scanned;

    public HdlcFrameDecoder(int hwMtu, Consumer<FrameDropReason> onDrop) {
        this.hwMtu = hwMtu;
        this.onDrop = onDrop;
    }

    public int maxBuffered() {
        return 2 * hwMtu;
    }

    /**
     * Bytes held now for a frame not yet closed; never more than {@link #maxBuffered()}
     * after a read.
     */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (!opened) {
                int open = in.indexOf(in.readerIndex(), in.writerIndex(), Hdlc.FLAG);
                if (open < 0) {
                    in.skipBytes(in.readableBytes()); // noise outside any frame
                    return;
                }
                in.readerIndex(open + 1);
                opened = true;
                scanned = 0;
            }
            int start = in.readerIndex();
            int close = in.indexOf(start + scanned, in.writerIndex(), Hdlc.FLAG);
            if (close < 0) {
                int pending = in.readableBytes();
                if (pending > maxBuffered()) {
                    in.skipBytes(pending);
                    opened = false;
                    onDrop.accept(FrameDropReason.UNTERMINATED);
                }
                else {
                    scanned = pending;
                }
                return;
            }
            scanned = 0;
            in.readerIndex(close + 1); // the closing FLAG also opens the next frame
            if (close == start) {
                continue; // empty frame, or two FLAGs in a row
            }
            ByteBuf frame = unescape(ctx, in, start, close);
            if (frame != null) {
                out.add(frame);
            }
        }
    }

    private ByteBuf unescape(ChannelHandlerContext ctx, ByteBuf in, int from, int to) {
        int escapedLength = to - from;
        if (escapedLength <= Hdlc.HEADER_MINSIZE) {
            onDrop.accept(FrameDropReason.TOO_SHORT); // unescaping only shortens
            return null;
        }
        int firstEsc = in.indexOf(from, to, Hdlc.ESC);
        if (firstEsc < 0) {
            // Nothing escaped, the common case: one bulk copy.
            if (escapedLength > hwMtu) {
                onDrop.accept(FrameDropReason.TOO_LONG);
                return null;
            }
            return ctx.alloc().buffer(escapedLength).writeBytes(in, from, escapedLength);
        }
        // Unescape in place in a per-thread scratch array: runs between escapes move in
        // bulk.
        byte[] bytes = Hdlc.scratch(escapedLength);
        in.getBytes(from, bytes, 0, escapedLength);
        int length = firstEsc - from; // the bytes before the first ESC are already in
                                      // place
        int i = length;
        int escapes = 0;
        while (true) {
            int esc = Hdlc.indexOfEsc(bytes, i, escapedLength);
            int runEnd = esc < 0 ? escapedLength : esc;
            if (runEnd > i) {
                System.arraycopy(bytes, i, bytes, length, runEnd - i);
                length += runEnd - i;
            }
            if (esc < 0 || esc + 1 == escapedLength) {
                break; // done, or a dangling ESC before the FLAG that escapes nothing
            }
            bytes[length++] = (byte) (bytes[esc + 1] ^ Hdlc.ESC_MASK);
            i = esc + 2;
            escapes++;
            if (escapes >= 8 && escapes * 16 > i) {
                // more than one escape in 16 bytes: the runs are too short to be worth
                // moving in bulk
                length = unescapeBytewise(bytes, i, escapedLength, length);
                break;
            }
        }
        if (length <= Hdlc.HEADER_MINSIZE) {
            onDrop.accept(FrameDropReason.TOO_SHORT);
            return null;
        }
        if (length > hwMtu) {
            onDrop.accept(FrameDropReason.TOO_LONG);
            return null;
        }
        return ctx.alloc().buffer(length).writeBytes(bytes, 0, length);
    }

    /**
     * Unescapes {@code bytes[from, to)} byte by byte onto {@code bytes[length..]};
     * returns the new length.
     */
    private static int unescapeBytewise(byte[] bytes, int from, int to, int length) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == Hdlc.ESC) {
                if (++i == to) {
                    break; // a dangling ESC before the FLAG escapes nothing
                }
                b = (byte) (bytes[i] ^ Hdlc.ESC_MASK);
            }
            bytes[length++] = b;
        }
        return length;
    }

}
