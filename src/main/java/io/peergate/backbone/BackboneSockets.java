package io.peergate.backbone;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket options of every backbone connection, as Reticulum sets them: no Nagle delay,
 * keepalive probes after 5 s idle every 2 s, 12 of them, and TCP_USER_TIMEOUT 24 s, so a
 * dead peer is noticed within about half a minute even when the node has nothing to send.
 * The timing options are set where the OS and transport have them.
 */
final class BackboneSockets {

    private static final Logger log = LoggerFactory.getLogger(BackboneSockets.class);

    static final int KEEPALIVE_IDLE_SECONDS = 5;
    static final int KEEPALIVE_INTERVAL_SECONDS = 2;
    static final int KEEPALIVE_PROBES = 12;
    static final int USER_TIMEOUT_MILLIS = 24_000;

    private BackboneSockets() {
    }

    static void configure(Channel channel) {
        ChannelConfig config = channel.config();
        config.setOption(ChannelOption.TCP_NODELAY, true);
        config.setOption(ChannelOption.SO_KEEPALIVE, true);
        try {
            if (channel instanceof EpollSocketChannel) {
                config.setOption(EpollChannelOption.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
                config.setOption(EpollChannelOption.TCP_KEEPINTVL, KEEPALIVE_INTERVAL_SECONDS);
                config.setOption(EpollChannelOption.TCP_KEEPCNT, KEEPALIVE_PROBES);
                config.setOption(EpollChannelOption.TCP_USER_TIMEOUT, USER_TIMEOUT_MILLIS);
            }
            else if (channel instanceof NioSocketChannel) {
                config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), KEEPALIVE_IDLE_SECONDS);
                config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL),
                        KEEPALIVE_INTERVAL_SECONDS);
                config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), KEEPALIVE_PROBES);
            }
        }
        catch (RuntimeException | LinkageError e) {
            log.debug("keepalive timing not available on {}: {}", channel.getClass().getSimpleName(), e.toString());
        }
    }

}
