package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.util.ByteProcessor;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes each outbound ByteBuf as one HDLC frame: FLAG, payload with FLAG and ESC escaped, FLAG. */
@ChannelHandler.Sharable
public final class HdlcFrameEncoder extends MessageToByteEncoder<ByteBuf> {

    public HdlcFrameEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(msg.readableBytes() + countEscapes(msg) + 2);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
        encode(msg, out);
    }

    /** A new buffer holding the frame of {@code payload}'s readable bytes, sized exactly; {@code payload} is untouched. */
    public static ByteBuf frame(ByteBufAllocator alloc, ByteBuf payload) {
        ByteBuf out = alloc.ioBuffer(payload.readableBytes() + countEscapes(payload) + 2);
        encode(payload, out);
        return out;
    }

    /** Appends the frame of {@code payload}'s readable bytes to {@code out}, leaving {@code payload} untouched. */
    public static void encode(ByteBuf payload, ByteBuf out) {
        int length = payload.readableBytes();
        out.writeByte(Hdlc.FLAG);
        if (payload.forEachByte(payload.readerIndex(), length, ORDINARY) < 0) {
            out.writeBytes(payload, payload.readerIndex(), length); // nothing to escape: one bulk copy
        } else {
            // One tight loop over a per-thread scratch array, whatever the density of escapes.
            byte[] bytes = Hdlc.scratch(3 * length);
            payload.getBytes(payload.readerIndex(), bytes, 0, length);
            int written = length;
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b == Hdlc.FLAG || b == Hdlc.ESC) {
                    bytes[written++] = Hdlc.ESC;
                    bytes[written++] = (byte) (b ^ Hdlc.ESC_MASK);
                } else {
                    bytes[written++] = b;
                }
            }
            out.writeBytes(bytes, length, written - length);
        }
        out.writeByte(Hdlc.FLAG);
    }

    private static final ByteProcessor ORDINARY = b -> b != Hdlc.FLAG && b != Hdlc.ESC;

    private static int countEscapes(ByteBuf msg) {
        int[] count = {0};
        msg.forEachByte(b -> {
            if (b == Hdlc.FLAG || b == Hdlc.ESC) {
                count[0]++;
            }
            return true;
        });
        return count[0];
    }
}
