package io.peergate.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The key-exchange workers: results come back on the channel's event loop with reading
 * resumed, and a full queue refuses work instead of holding it.
 */
class MseKeyWorkTests {

    @Test
    void aFullQueueRefusesAndResultsComeBackOnTheEventLoop() throws Exception {
        MseKeyWork work = new MseKeyWork(1);
        EventLoopGroup loop = new DefaultEventLoopGroup(1);
        LocalAddress address = new LocalAddress(MseKeyWorkTests.class);
        Channel server = new ServerBootstrap().group(loop)
            .channel(LocalServerChannel.class)
            .childHandler(new ChannelInboundHandlerAdapter())
            .bind(address)
            .sync()
            .channel();
        Channel channel = new Bootstrap().group(loop)
            .channel(LocalChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(address)
            .sync()
            .channel();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean onLoop = new AtomicBoolean(true);
        try {
            assertThat(work.submitPaused(channel, () -> {
                try {
                    release.await();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }, done::addAndGet)).isTrue();
            assertThat(channel.config().isAutoRead()).as("reading paused while the work runs").isFalse();
            await().until(() -> work.queued() == 0); // the worker has taken the blocking
                                                     // task
            for (int n = 0; n < MseKeyWork.QUEUE; n++) {
                assertThat(work.submit(channel, () -> 1, result -> {
                    onLoop.compareAndSet(true, channel.eventLoop().inEventLoop());
                    done.addAndGet(result);
                })).isTrue();
            }
            assertThat(work.submit(channel, () -> 1, done::addAndGet)).as("beyond the queue's bound").isFalse();

            release.countDown();
            await().until(() -> done.get() == MseKeyWork.QUEUE + 1);
            assertThat(channel.config().isAutoRead()).isTrue();
            assertThat(onLoop).as("every result handled on the channel's event loop").isTrue();
        }
        finally {
            work.shutdown();
            channel.close().sync();
            server.close().sync();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

}
