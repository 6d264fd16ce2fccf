package io.peergate.bittorrent;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/** The two channels of one relay. Touched only from their shared event loop. */
final class RelayPair {

    private final Channel inbound;

    private final Channel upstream;

    private final long halfCloseTimeoutMillis;

    RelayPair(Channel inbound, Channel upstream, long halfCloseTimeoutMillis) {
        this.inbound = inbound;
        this.upstream = upstream;
        this.halfCloseTimeoutMillis = halfCloseTimeoutMillis;
    }

    /**
     * Reads from {@code channel} again, unless its input is already over (epoll refuses
     * to re-arm it then).
     */
    static void resumeReading(Channel channel) {
        if (channel.isActive() && !inputShut(channel)) {
            channel.config().setAutoRead(true);
        }
    }

    private static boolean inputShut(Channel channel) {
        return channel instanceof DuplexChannel duplex && duplex.isInputShutdown();
    }

    boolean bothInputsShut() {
        return inputShut(inbound) && inputShut(upstream);
    }

    long halfCloseTimeoutMillis() {
        return halfCloseTimeoutMillis;
    }

    /** Both sides are done sending: deliver what is queued each way, then close. */
    void closeBothAfterFlush() {
        inbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    void closeBoth() {
        inbound.close();
        upstream.close();
    }

}
