package io.peergate.bittorrent;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The upstream connections' {@link Bootstrap}, built once per event loop rather than once
 * per peer: under a burst of new peers the per-connection builder and its option maps
 * showed in the profile. One is kept per event loop thread and rebuilt only when what it
 * was built from changes (another gateway in the same process).
 * <p>
 * Netty's own connect timeout is off: the gateway's upstream deadline bounds the lookup,
 * the connect and an MSE handshake together, and a second timer per connection would only
 * be scheduled and cancelled. {@code TCP_NODELAY} is not set either: Netty's socket
 * channels turn it on when they are made, and setting it again cost a system call per
 * upstream.
 */
final class UpstreamBootstrap {

    /** The relay handlers are added once connected: nothing to initialise before. */
    @ChannelHandler.Sharable
    private static final class Nothing extends ChannelInboundHandlerAdapter {

    }

    private static final ChannelHandler NOTHING = new Nothing();

    private record Built(Bootstrap bootstrap, EventLoop loop, Class<?> type, AddressResolverGroup<?> resolver) {
    }

    private static final FastThreadLocal<Built> CACHED = new FastThreadLocal<>();

    private UpstreamBootstrap() {
    }

    /**
     * A bootstrap for an upstream connection on {@code inbound}'s event loop and
     * transport. Called on that event loop.
     */
    static Bootstrap forPeer(Channel inbound, AddressResolverGroup<?> resolver) {
        EventLoop loop = inbound.eventLoop();
        Built built = CACHED.get();
        if (built == null || built.loop() != loop || built.type() != inbound.getClass()
                || built.resolver() != resolver) {
            Bootstrap bootstrap = new Bootstrap().group(loop)
                .channel(inbound.getClass()) // same transport as the inbound side (epoll
                                             // or NIO), so one thread serves both
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, InboundHandler.WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, InboundHandler.READS)
                .handler(NOTHING);
            built = new Built(bootstrap, loop, inbound.getClass(), resolver);
            CACHED.set(built);
        }
        return built.bootstrap();
    }

}
