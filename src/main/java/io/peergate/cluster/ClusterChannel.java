package io.peergate.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The subscription to the cluster's channel. It is started by the node once Redis answers
 * (a node may start while Redis is away) and then kept by the connection, which
 * subscribes again after a reconnect. Announcements are handed on one by one, in the
 * order they arrive.
 */
public final class ClusterChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterChannel.class);

    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "peergate-cluster-channel");
        thread.setDaemon(true);
        return thread;
    });

    private final String channel;

    public ClusterChannel(RedisConnectionFactory connections, String channel, Consumer<String> announcements) {
        this.channel = channel;
        container.setConnectionFactory(connections);
        container.setTaskExecutor(dispatch::execute);
        container.setRecoveryBackoff(new FixedBackOff(1000));
        container.addMessageListener(
                (message, pattern) -> announcements.accept(new String(message.getBody(), StandardCharsets.UTF_8)),
                List.of(new ChannelTopic(channel)));
        container.afterPropertiesSet();
    }

    /** Subscribes, unless it is subscribed already. @return whether it is now */
    public synchronized boolean listen() {
        if (container.isRunning()) {
            return true;
        }
        try {
            container.start();
            log.info("Listening to cluster announcements on {}", channel);
            return true;
        }
        catch (RuntimeException e) {
            log.debug("Could not subscribe to {}: {}", channel, e.getMessage());
            container.stop();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            container.destroy();
        }
        catch (Exception e) {
            log.debug("Closing the subscription to {}: {}", channel, e.getMessage());
        }
        dispatch.shutdownNow();
    }

}
