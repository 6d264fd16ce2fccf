package io.peergate.backbone;

import io.peergate.support.SizeRange;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-peer ingress limits of a server interface ({@code ...interfaces[n].ingress.*}): two
 * token buckets, one of frames and one of frame bytes, refilled at the given rates and
 * holding at most their burst. A frame that finds either bucket short is dropped before
 * it is relayed ({@code ingress-limit}). Zero turns a limit off; a zero burst means one
 * second's worth. Off by default: a server's peers are often other hubs carrying many
 * nodes' traffic, and no single figure fits them.
 *
 * @param framesPerSecond frames a peer may send per second, 0 for no limit
 * @param framesBurst frames a peer may send back to back after a quiet spell (the
 * bucket's size), 0 for one second's worth
 * @param bytesPerSecond frame bytes a peer may send per second, 0 for no limit
 * @param bytesBurst frame bytes a peer may send back to back after a quiet spell (the
 * bucket's size), 0 for one second's worth
 */
public record IngressSettings(@DefaultValue("0") @Min(0) @Max(10_000_000) int framesPerSecond,
        @DefaultValue("0") @Min(0) @Max(100_000_000) int framesBurst,
        @DefaultValue("0B") @NotNull @SizeRange(min = "0B", max = "10GB") DataSize bytesPerSecond,
        @DefaultValue("0B") @NotNull @SizeRange(min = "0B", max = "10GB") DataSize bytesBurst) {

    public static final IngressSettings OFF = new IngressSettings(0, 0, DataSize.ofBytes(0), DataSize.ofBytes(0));

    public boolean on() {
        return framesPerSecond > 0 || bytesPerSecond.toBytes() > 0;
    }

    long framesCapacity() {
        return framesBurst > 0 ? framesBurst : framesPerSecond;
    }

    long bytesCapacity() {
        return bytesBurst.toBytes() > 0 ? bytesBurst.toBytes() : bytesPerSecond.toBytes();
    }
}
