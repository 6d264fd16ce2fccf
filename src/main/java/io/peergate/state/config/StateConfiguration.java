package io.peergate.state.config;

import io.peergate.cluster.RedisStateStore;
import io.peergate.state.FileStateStore;
import io.peergate.state.MemoryStateStore;
import io.peergate.state.RuntimeState;
import io.peergate.state.StateStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Spring wiring of the runtime state and its store. */
@Configuration(proxyBeanMethods = false)
public class StateConfiguration {

    /**
     * The store named by {@code peergate.state.store}; Redis's is cluster mode's bean.
     */
    @Bean
    @Primary
    StateStore stateStore(StateProperties properties, ObjectProvider<RedisStateStore> redis) {
        return switch (properties.store()) {
            case FILE -> new FileStateStore(properties.dir());
            case MEMORY -> new MemoryStateStore();
            case REDIS -> redis.getObject();
        };
    }

    /** Reads the stored changes: a file that cannot be read stops the node here. */
    @Bean
    RuntimeState runtimeState(StateStore store) {
        return new RuntimeState(store, Clock.systemUTC());
    }

}
