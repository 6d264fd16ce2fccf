package io.peergate.support;

import java.util.function.BooleanSupplier;
import org.springframework.context.SmartLifecycle;

/**
 * A listener's start, stop and running state as a Spring {@link SmartLifecycle}: it
 * starts once the context is ready.
 */
public final class ServerLifecycle implements SmartLifecycle {

    private final Runnable start;

    private final Runnable stop;

    private final BooleanSupplier running;

    public ServerLifecycle(Runnable start, Runnable stop, BooleanSupplier running) {
        this.start = start;
        this.stop = stop;
        this.running = running;
    }

    @Override
    public void start() {
        start.run();
    }

    @Override
    public void stop() {
        stop.run();
    }

    @Override
    public boolean isRunning() {
        return running.getAsBoolean();
    }

}
