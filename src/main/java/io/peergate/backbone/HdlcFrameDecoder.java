package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits Reticulum's HDLC framing into payloads. Bytes before the first FLAG are noise and skipped; a closing FLAG
 * may open the next frame; empty frames are skipped. Frames of 19 bytes or fewer and frames above {@code hwMtu} are
 * dropped and reported; input that grows past {@code 2 × hwMtu} without a closing FLAG is discarded and reported, so
 * one peer never makes the node hold more than that.
 */
public final class HdlcFrameDecoder extends ByteToMessageDecoder {

    private final int hwMtu;
    private final Consumer<FrameDropReason> onDrop;
    /** Where to resume looking for the closing FLAG, relative to the opening FLAG; saves rescanning big frames. */
    private int scanned = 1;

    public HdlcFrameDecoder(int hwMtu, Consumer<FrameDropReason> onDrop) {
        this.hwMtu = hwMtu;
        this.onDrop = onDrop;
    }

    public int maxBuffered() {
        return 2 * hwMtu;
    }

    /** Bytes held now for a frame not yet closed; never more than {@link #maxBuffered()} after a read. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int open = in.indexOf(in.readerIndex(), in.writerIndex(), Hdlc.FLAG);
            if (open < 0) {
                in.skipBytes(in.readableBytes()); // noise outside any frame
                scanned = 1;
                return;
            }
            in.readerIndex(open);
            int close = in.indexOf(open + scanned, in.writerIndex(), Hdlc.FLAG);
            if (close < 0) {
                int pending = in.readableBytes();
                if (pending > maxBuffered()) {
                    in.skipBytes(pending);
                    scanned = 1;
                    onDrop.accept(FrameDropReason.UNTERMINATED);
                } else {
                    scanned = pending;
                }
                return;
            }
            scanned = 1;
            int escapedLength = close - open - 1;
            in.readerIndex(close); // the closing FLAG may open the next frame
            if (escapedLength == 0) {
                continue;
            }
            ByteBuf frame = unescape(ctx, in, open + 1, close);
            if (frame == null) {
                continue;
            }
            out.add(frame);
        }
    }

    private ByteBuf unescape(ChannelHandlerContext ctx, ByteBuf in, int from, int to) {
        int length = unescapedLength(in, from, to);
        if (length <= Hdlc.HEADER_MINSIZE) {
            onDrop.accept(FrameDropReason.TOO_SHORT);
            return null;
        }
        if (length > hwMtu) {
            onDrop.accept(FrameDropReason.TOO_LONG);
            return null;
        }
        ByteBuf frame = ctx.alloc().buffer(length);
        int i = from;
        while (i < to) {
            // Copy the runs between escapes in bulk: escapes are rare in real traffic.
            int esc = in.indexOf(i, to, Hdlc.ESC);
            int runEnd = esc < 0 ? to : esc;
            frame.writeBytes(in, i, runEnd - i);
            if (esc < 0 || esc + 1 >= to) {
                break; // done, or a dangling ESC before the FLAG that escapes nothing
            }
            frame.writeByte(in.getByte(esc + 1) ^ Hdlc.ESC_MASK);
            i = esc + 2;
        }
        return frame;
    }

    /** Length after unescaping: an ESC and the byte after it make one byte; a final, dangling ESC makes none. */
    private static int unescapedLength(ByteBuf in, int from, int to) {
        int length = 0;
        int i = from;
        while (i < to) {
            int esc = in.indexOf(i, to, Hdlc.ESC);
            if (esc < 0) {
                return length + (to - i);
            }
            length += esc - i;
            if (esc + 1 >= to) {
                return length;
            }
            length++;
            i = esc + 2;
        }
        return length;
    }
}
