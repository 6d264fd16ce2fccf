package io.peergate.reticulum;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;

/**
 * Splits Reticulum's HDLC framing into payloads. Bytes before the first FLAG are noise
 * and skipped; a closing FLAG may open the next frame; empty frames are skipped. Frames
 * of 19 bytes or fewer and frames above {@code hwMtu} are dropped and reported; input
 * that grows past {@code 2 × hwMtu} without a closing FLAG is discarded and reported, so
 * one peer never makes the node hold more than that.
 *
 * <p>
 * Frames are decoded where they lie in each read: a frame with nothing escaped is a view
 * of the read buffer, not a copy. Only the frame a read ends in the middle of is copied,
 * and only its bytes, to be completed by the next read. (A cumulating decoder would
 * instead append each new read to the last one's buffer, growing and copying it on most
 * reads of a busy connection.)
 */
public final class HdlcFrameDecoder extends ChannelInboundHandlerAdapter {

    private final int hwMtu;

    private final Consumer<FrameDropReason> onDrop;

    /**
     * Whether the last FLAG read opened a frame. The FLAG itself is consumed, so input
     * that ends on a FLAG leaves nothing behind.
     */
    private boolean opened;

    /**
     * The bytes of the open frame that earlier reads brought (escaped, without the
     * opening FLAG); null when a read ended between frames.
     */
    private ByteBuf partial;

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
        return partial == null ? 0 : partial.readableBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            decode(ctx, in);
        }
        finally {
            in.release();
        }
    }

    private void decode(ChannelHandlerContext ctx, ByteBuf in) {
        int at = in.readerIndex();
        int end = in.writerIndex();
        if (partial != null) {
            at = complete(ctx, in, at, end);
            if (at < 0) {
                return;
            }
        }
        while (at < end && !ctx.isRemoved()) {
            if (!opened) {
                int open = in.indexOf(at, end, Hdlc.FLAG);
                if (open < 0) {
                    return; // noise outside any frame
                }
                at = open + 1;
                opened = true;
                continue;
            }
            int close = in.indexOf(at, end, Hdlc.FLAG);
            if (close < 0) {
                int pending = end - at;
                if (pending > maxBuffered()) {
                    opened = false;
                    onDrop.accept(FrameDropReason.UNTERMINATED);
                }
                else {
                    partial = ctx.alloc().buffer(pending, maxBuffered()).writeBytes(in, at, pending);
                }
                return;
            }
            if (close > at) { // else an empty frame, or two FLAGs in a row
                emit(ctx, in, at, close);
            }
            at = close + 1; // the closing FLAG also opens the next frame
        }
    }

    /**
     * Adds this read's bytes to the frame an earlier read left open and passes it on if
     * it closes here.
     * @return where decoding goes on in {@code in}, or -1 when this read is used up
     */
    private int complete(ChannelHandlerContext ctx, ByteBuf in, int at, int end) {
        int close = in.indexOf(at, end, Hdlc.FLAG);
        int tail = (close < 0 ? end : close) - at;
        if (partial.readableBytes() + tail > maxBuffered()) {
            releasePartial();
            if (close < 0) {
                opened = false; // what follows up to the next FLAG is noise
                onDrop.accept(FrameDropReason.UNTERMINATED);
                return -1;
            }
            // more than twice the MTU escaped is more than the MTU unescaped
            onDrop.accept(FrameDropReason.TOO_LONG);
            return close + 1;
        }
        partial.writeBytes(in, at, tail);
        if (close < 0) {
            return -1;
        }
        ByteBuf frame = partial;
        partial = null;
        try {
            emit(ctx, frame, frame.readerIndex(), frame.writerIndex());
        }
        finally {
            frame.release();
        }
        return close + 1;
    }

    private void emit(ChannelHandlerContext ctx, ByteBuf in, int from, int to) {
        ByteBuf frame = unescape(ctx, in, from, to);
        if (frame != null) {
            ctx.fireChannelRead(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial(); // a frame cut off by the close is never completed
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
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
            // Nothing escaped, the common case: the frame is a view of the input, no
            // copy.
            if (escapedLength > hwMtu) {
                onDrop.accept(FrameDropReason.TOO_LONG);
                return null;
            }
            return in.retainedSlice(from, escapedLength);
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
