package io.peergate.bittorrent;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * Ends a relay channel's output: a FIN to its remote end, once what was queued toward it
 * has been written.
 * <p>
 * Netty's {@link DuplexChannel#shutdownOutput()} builds a
 * {@code ChannelOutputShutdownException}, stack trace and all, at every call, to fail
 * writes still queued; a relay calls it only once its queue is empty, and under a burst
 * of short-lived peers those exceptions were 3 % of the gateway's CPU. On epoll the
 * socket is therefore shut directly; Netty reads the same socket state back, so
 * {@code isOutputShutdown()} stays true to it.
 * <p>
 * A channel whose output is over also stops allowing a half-closed input: when its remote
 * end finishes too, Netty closes the channel outright instead of shutting the input of a
 * socket the kernel has already closed, which failed with {@code ENOTCONN} and another
 * exception. The relay sees {@code channelInactive} then, and closes the other side after
 * what is queued for it, as it does when both inputs have ended.
 */
final class OutputShutdown {

    private OutputShutdown() {
    }

    static void shutdown(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        if (channel instanceof EpollSocketChannel epoll && epoll.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
            }
            catch (IOException ex) {
                channel.close();
            }
        }
        else if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        }
    }

}
