package io.peergate.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node reaches Redis, as the last command found it: one that failed makes it
 * unreachable until one succeeds. Logged once per change, at INFO and WARN.
 */
public final class RedisReachability {

    private static final Logger log = LoggerFactory.getLogger(RedisReachability.class);

    /** What is known of Redis now. */
    public record Status(boolean reachable, Instant since, String lastError) {
    }

    private final String location;

    private final Clock clock;

    private final AtomicBoolean everReached = new AtomicBoolean();

    private volatile Status status;

    public RedisReachability(String location, Clock clock) {
        this.location = location;
        this.clock = clock;
        this.status = new Status(false, clock.instant(), "not reached yet");
    }

    public Status status() {
        return status;
    }

    public boolean reachable() {
        return status.reachable();
    }

    /** Redis at {@code host:port}. */
    public String location() {
        return location;
    }

    /**
     * Runs a command to Redis; its outcome tells whether Redis is reachable.
     * @throws RuntimeException the command's failure, after it is recorded
     */
    public <T> T track(Supplier<T> command) {
        try {
            T result = command.get();
            succeeded();
            return result;
        }
        catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /**
     * @return true when it was unreachable until now
     */
    public synchronized boolean succeeded() {
        if (status.reachable()) {
            return false;
        }
        status = new Status(true, clock.instant(), null);
        boolean first = everReached.compareAndSet(false, true);
        log.info("Redis at {} {}", location, first ? "reached" : "reached again");
        return true;
    }

    public synchronized void failed(Throwable error) {
        String reason = describe(error);
        if (status.reachable()) {
            log.warn("Redis at {} unreachable: {}; the node goes on with the state it has, and refuses admin "
                    + "changes until Redis is back", location, reason);
            status = new Status(false, clock.instant(), reason);
        }
        else if (!reason.equals(status.lastError())) {
            log.debug("Redis at {} still unreachable: {}", location, reason);
            status = new Status(false, status.since(), reason);
        }
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == error ? message : error.getClass().getSimpleName() + ": " + message;
    }

}
