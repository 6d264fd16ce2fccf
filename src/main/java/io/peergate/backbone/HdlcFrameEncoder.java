package io.peergate.backbone;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
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

    /** Appends the frame of {@code payload}'s readable bytes to {@code out}, leaving {@code payload} untouched. */
    public static void encode(ByteBuf payload, ByteBuf out) {
        out.writeByte(Hdlc.FLAG);
        int end = payload.writerIndex();
        for (int i = payload.readerIndex(); i < end; i++) {
            byte b = payload.getByte(i);
            if (b == Hdlc.FLAG || b == Hdlc.ESC) {
                out.writeByte(Hdlc.ESC);
                out.writeByte(b ^ Hdlc.ESC_MASK);
            } else {
                out.writeByte(b);
            }
        }
        out.writeByte(Hdlc.FLAG);
    }

    private static int countEscapes(ByteBuf msg) {
        int count = 0;
        for (int i = msg.readerIndex(); i < msg.writerIndex(); i++) {
            byte b = msg.getByte(i);
            if (b == Hdlc.FLAG || b == Hdlc.ESC) {
                count++;
            }
        }
        return count;
    }
}
