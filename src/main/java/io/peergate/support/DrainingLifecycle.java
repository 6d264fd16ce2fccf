package io.peergate.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A {@link Drainable} listener as a Spring {@link SmartLifecycle}. At shutdown it first
 * stops accepting, then waits up to the drain timeout for the open connections to end by
 * themselves, then cuts the rest. Every such listener stops in the same phase, so they
 * drain side by side; Spring Boot has already reported readiness as refusing traffic, and
 * the HTTP server, stopped in a later phase, still answers probes while they drain.
 */
public final class DrainingLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainingLifecycle.class);

    /** How often the open connections are counted while draining. */
    private static final long POLL_MILLIS = 50;

    private final Drainable target;

    private final Duration drainTimeout;

    public DrainingLifecycle(Drainable target, Duration drainTimeout) {
        this.target = target;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void start() {
        target.start();
    }

    /** Drains on the calling thread; Spring calls {@link #stop(Runnable)} instead. */
    @Override
    public void stop() {
        drain();
    }

    /** Drains on a thread of its own, so that every listener drains at the same time. */
    @Override
    public void stop(Runnable callback) {
        Thread thread = new Thread(() -> {
            try {
                drain();
            }
            catch (RuntimeException e) {
                log.error("{} did not drain: {}", target.describe(), e.toString(), e);
            }
            finally {
                callback.run();
            }
        }, "peergate-drain");
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return target.isRunning();
    }

    /** Whether this listener's connections finished in time; false when it cut some. */
    boolean drain() {
        if (!target.isRunning()) {
            return true;
        }
        long started = System.nanoTime();
        target.stopAccepting();
        int active = target.active();
        if (active > 0 && !drainTimeout.isZero()) {
            log.info("{} draining: no new peers; {} connection(s) may go on for up to {}", target.describe(), active,
                    Durations.format(drainTimeout));
            long deadline = started + Durations.toNanos(drainTimeout);
            while (active > 0 && System.nanoTime() - deadline < 0) {
                if (!pause()) {
                    break;
                }
                active = target.active();
            }
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (active > 0) {
            log.warn("{} drained for {} ms: cutting {} connection(s) still open", target.describe(), tookMillis,
                    active);
        }
        else {
            log.info("{} drained in {} ms: every connection ended by itself", target.describe(), tookMillis);
        }
        target.stop();
        return active == 0;
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
