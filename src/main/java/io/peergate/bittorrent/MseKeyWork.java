package io.peergate.bittorrent;

import io.netty.channel.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the Diffie-Hellman work of MSE handshakes runs: two 768-bit modular powers per
 * handshake, about 0.1 ms of CPU. Off the event loops, so a burst of encrypted peers (or
 * of garbage that looks like one) never delays another connection's identification, and
 * bounded: a full queue refuses the handshake rather than holding memory for it.
 */
final class MseKeyWork {

    /** Handshakes waiting for a worker, at most. */
    static final int QUEUE = 1024;

    private final ThreadPoolExecutor executor;

    MseKeyWork(int threads) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "peergate-mse-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** One worker per two cores: the event loops keep the rest. */
    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Runs {@code work} on a worker, then {@code done} with its result on
     * {@code channel}'s event loop; skips both if the channel closes first.
     * @return false when the queue is full and nothing will run
     */
    <T> boolean submit(Channel channel, Supplier<T> work, Consumer<T> done) {
        try {
            executor.execute(() -> {
                if (!channel.isActive()) {
                    return;
                }
                T result = work.get();
                try {
                    channel.eventLoop().execute(() -> {
                        if (channel.isActive()) {
                            done.accept(result);
                        }
                    });
                }
                catch (RejectedExecutionException e) {
                    // the gateway is stopping: the channel is being closed anyway
                }
            });
            return true;
        }
        catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * As {@link #submit}, with reading on {@code channel} paused until {@code done} runs:
     * what the peer sends meanwhile waits in the socket, not in the node.
     */
    <T> boolean submitPaused(Channel channel, Supplier<T> work, Consumer<T> done) {
        channel.config().setAutoRead(false);
        return submit(channel, work, result -> {
            channel.config().setAutoRead(true);
            done.accept(result);
        });
    }

    /** Handshakes queued for a worker now. */
    int queued() {
        return executor.getQueue().size();
    }

    void shutdown() {
        executor.shutdownNow();
    }

}
