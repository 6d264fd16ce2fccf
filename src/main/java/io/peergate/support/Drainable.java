package io.peergate.support;

/**
 * A listener that can be drained: it stops taking new peers, lets the established ones go
 * on for a while, then closes what is left.
 */
public interface Drainable {

    /** What it is, in log lines: {@code BitTorrent gateway}. */
    String describe();

    void start();

    /**
     * Stops accepting new peers on every listener; established connections go on. Client
     * connections the node opened itself may be closed here.
     */
    void stopAccepting();

    /** Connections still open, established or not. */
    int active();

    /** Closes every connection still open and lets go of every resource. */
    void stop();

    boolean isRunning();

}
