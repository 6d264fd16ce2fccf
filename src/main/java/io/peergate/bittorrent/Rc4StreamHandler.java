package io.peergate.bittorrent;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.peergate.bittorrent.wire.mse.Rc4;

/**
 * RC4 on one connection once its MSE handshake selected it: decrypts every read and
 * encrypts every write, in place, so the relay handlers see plaintext and no byte is
 * copied. In place is safe because a relayed buffer belongs to the relay from its read to
 * its write; a read-only one is copied first.
 */
final class Rc4StreamHandler extends ChannelDuplexHandler {

    private final Rc4 decrypt;

    private final Rc4 encrypt;

    Rc4StreamHandler(Rc4 decrypt, Rc4 encrypt) {
        this.decrypt = decrypt;
        this.encrypt = encrypt;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            ctx.fireChannelRead(crypt(decrypt, buf));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            ctx.write(crypt(encrypt, buf), promise);
            return;
        }
        ctx.write(msg, promise);
    }

    private static ByteBuf crypt(Rc4 rc4, ByteBuf buf) {
        if (!buf.isReadable()) {
            return buf;
        }
        ByteBuf target = buf;
        if (buf.isReadOnly()) {
            target = buf.alloc().buffer(buf.readableBytes()).writeBytes(buf);
            buf.release();
        }
        rc4.apply(target);
        return target;
    }

}
