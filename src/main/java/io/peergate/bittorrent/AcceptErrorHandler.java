package io.peergate.bittorrent;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.peergate.support.Addresses;
import io.peergate.support.Durations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits on the listening channel. An accept error (too many open files, above all) would
 * come back at once on the next accept and spin a core: instead accepting pauses for the
 * backoff, with one log line per pause and a count.
 */
@ChannelHandler.Sharable
final class AcceptErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AcceptErrorHandler.class);

    private final Duration backoff;

    private final Runnable onError;

    AcceptErrorHandler(Duration backoff, Runnable onError) {
        this.backoff = backoff;
        this.onError = onError;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        onError.run();
        if (!ctx.channel().config().isAutoRead()) {
            return; // already paused
        }
        log.warn("accept on {} failed ({}); pausing accepts for {}", Addresses.describe(ctx.channel().localAddress()),
                cause.toString(), backoff);
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            if (ctx.channel().isOpen()) {
                ctx.channel().config().setAutoRead(true);
                log.info("accepting on {} again", Addresses.describe(ctx.channel().localAddress()));
            }
        }, Durations.toNanos(backoff), TimeUnit.NANOSECONDS);
    }

}
