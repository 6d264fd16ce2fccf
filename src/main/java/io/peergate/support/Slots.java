package io.peergate.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Exact admission against a limit under concurrent accepts. */
public final class Slots {

    private Slots() {
    }

    /**
     * Takes a slot unless {@code max} (≥ 0) are taken; a negative {@code max} is
     * unlimited.
     */
    public static boolean tryAcquire(AtomicInteger taken, int max) {
        while (true) {
            int current = taken.get();
            if (max >= 0 && current >= max) {
                return false;
            }
            if (taken.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

}
