package io.peergate.bittorrent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads the 48-byte BEP 3 preamble and emits one {@link Preamble}, then leaves the
 * pipeline. Rejects as soon as a byte proves the peer is not plaintext BitTorrent, so
 * garbage never waits for the identify timeout. Holds at most what one read brings in;
 * bytes after the preamble pass on untouched when it leaves.
 */
public final class PreambleDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Preamble outcome = Preamble.classify(in);
        if (outcome == null) {
            return;
        }
        if (outcome instanceof Preamble.Identified identified) {
            out.add(new Preamble.Identified(identified.infoHash(), in.readRetainedSlice(Preamble.LENGTH)));
        }
        else {
            in.skipBytes(in.readableBytes());
            out.add(outcome);
        }
        ctx.pipeline().remove(this);
    }

}
