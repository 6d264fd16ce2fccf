package io.peergate.backbone;

/**
 * One peer's ingress limits as two token buckets, frames and frame bytes, refilled at the
 * settings' rates up to their burst. A frame passes when both buckets have something
 * left; it then takes one frame and its size in bytes (the byte bucket may go into debt
 * by one frame, so a frame larger than the burst still passes after a quiet spell). The
 * settings are read at every frame, so a change applies at once. Event loop only.
 */
final class IngressLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private boolean started;

    private long lastNanos;

    private double frameTokens;

    private double byteTokens;

    /**
     * @return false when the frame is over the limit and must be dropped
     */
    boolean admit(IngressSettings limits, int bytes, long nowNanos) {
        if (!limits.on()) {
            started = false; // limits switched back on start with full buckets
            return true;
        }
        double seconds = started ? Math.max(0, nowNanos - lastNanos) / NANOS_PER_SECOND : Double.MAX_VALUE;
        started = true;
        lastNanos = nowNanos;
        boolean framesOn = limits.framesPerSecond() > 0;
        boolean bytesOn = limits.bytesPerSecond().toBytes() > 0;
        if (framesOn) {
            frameTokens = refill(frameTokens, seconds, limits.framesPerSecond(), limits.framesCapacity());
        }
        if (bytesOn) {
            byteTokens = refill(byteTokens, seconds, limits.bytesPerSecond().toBytes(), limits.bytesCapacity());
        }
        if ((framesOn && frameTokens < 1) || (bytesOn && byteTokens <= 0)) {
            return false;
        }
        frameTokens -= framesOn ? 1 : 0;
        byteTokens -= bytesOn ? bytes : 0;
        return true;
    }

    private static double refill(double tokens, double seconds, long rate, long capacity) {
        return Math.min(capacity, tokens + seconds * rate);
    }

}
