package io.peergate.bittorrent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.peergate.bittorrent.RejectReason;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the 48-byte BEP 3 preamble and emits one {@link Preamble}, then leaves the
 * pipeline. Rejects as soon as a byte proves the peer is not plaintext BitTorrent, so
 * garbage never waits for the identify timeout. Bytes that break from the protocol string
 * may be an encrypted peer: handed, with every byte read so far, to the handler
 * {@code encrypted} makes (as libtorrent does, since an MSE key starts with {@code 0x13}
 * once in 256 times), or refused as {@link RejectReason#ENCRYPTED} (first byte) or
 * {@link RejectReason#NOT_BITTORRENT} when there is none. Holds at most what one read
 * brings in; bytes after the preamble pass on untouched when it leaves.
 */
public final class PreambleDecoder extends ByteToMessageDecoder {

    private final Supplier<ChannelHandler> encrypted;

    /**
     * @param encrypted makes the handler for a peer that opens with Message Stream
     * Encryption, or null to refuse such peers
     */
    public PreambleDecoder(Supplier<ChannelHandler> encrypted) {
        this.encrypted = encrypted;
    }

    public PreambleDecoder() {
        this(null);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Preamble outcome = Preamble.classify(in);
        if (outcome == null) {
            return;
        }
        if (outcome instanceof Preamble.Identified identified) {
            out.add(new Preamble.Identified(identified.infoHash(), in.readRetainedSlice(Preamble.LENGTH)));
        }
        else if (encrypted != null) {
            // An MSE public key starts with 0x13 once in 256 times: any break from the
            // protocol string may be one. Leaving passes what this decoder holds to the
            // next handler: the new one.
            ctx.pipeline().addAfter(ctx.name(), "peergate.mse", encrypted.get());
        }
        else {
            in.skipBytes(in.readableBytes());
            out.add(outcome);
        }
        ctx.pipeline().remove(this);
    }

}
