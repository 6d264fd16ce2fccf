package io.peergate.state.config;

import io.peergate.state.FileStateStore;
import io.peergate.state.MemoryStateStore;
import io.peergate.state.RuntimeState;
import io.peergate.state.StateStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring wiring of the runtime state and its store. */
@Configuration(proxyBeanMethods = false)
public class StateConfiguration {

    @Bean
    StateStore stateStore(StateProperties properties) {
        return switch (properties.store()) {
            case FILE -> new FileStateStore(properties.dir());
            case MEMORY -> new MemoryStateStore();
        };
    }

    /** Reads the stored changes: a file that cannot be read stops the node here. */
    @Bean
    RuntimeState runtimeState(StateStore store) {
        return new RuntimeState(store, Clock.systemUTC());
    }

}
