package io.peergate.backbone.config;

import io.peergate.backbone.AnnounceControlSettings;
import io.peergate.backbone.ClientLinkSpec;
import io.peergate.backbone.ClientSettings;
import io.peergate.backbone.MeshRole;
import io.peergate.backbone.IngressSettings;
import io.peergate.backbone.QueueFullAction;
import io.peergate.backbone.ServerInterfaceSpec;
import io.peergate.backbone.ServerSettings;
import io.peergate.backbone.abuse.AbuseSettings;
import io.peergate.support.SizeRange;
import io.peergate.support.UniqueKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One backbone interface ({@code peergate.backbone.interfaces[n].*}). Server keys apply
 * to {@code mode: server}, client keys to {@code mode: client}.
 *
 * @param name unique name, used in peer names, logs, metrics and the admin API
 * @param mode {@code server} or {@code client}
 * @param listenAddress (server) address to bind
 * @param port (server) port to bind, 0 picks a free one; (client) remote port
 * @param host (client) remote backbone host
 * @param maxConnections (server) peers allowed at once, -1 for unlimited
 * @param idleTimeout (server) a peer that has sent nothing for this long is disconnected;
 * 0 turns it off
 * @param writeStallTimeout a peer whose writes make no progress at all for this long is
 * disconnected; 0 turns it off
 * @param maxQueued bytes a peer may have waiting to be sent (the node's queue and the
 * socket's buffer)
 * @param onQueueFull a frame that would take a peer past {@code max-queued}: {@code drop}
 * it for that peer (counted) or {@code cut} the peer
 * @param ingress (server) per-peer limits on frames and bytes a peer may send
 * @param hwMtu largest frame accepted; bigger frames are dropped and an unterminated
 * buffer is capped at twice this
 * @param connectTimeout (client) time allowed for one connect attempt
 * @param reconnectWait (client) base wait before a reconnect, doubled per failed attempt
 * up to 64 times this
 * @param maxReconnectTries (client) attempts before giving up; unset tries forever
 * @param abuse (server) abuse rules and penalties
 * @param announceControl announce ingress control of each peer (a client link's one peer
 * too)
 */
@ValidInterface
public record InterfaceProperties(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "must be 1-64 letters, digits, '.', '_' or '-'") String name,
        @NotNull InterfaceMode mode, @DefaultValue("0.0.0.0") @NotBlank String listenAddress,
        @DefaultValue("4242") @Min(0) @Max(65535) int port, String host,
        @DefaultValue("-1") @Min(-1) int maxConnections,
        @DefaultValue("0s") @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration idleTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration writeStallTimeout,
        @DefaultValue("512KB") @NotNull @SizeRange(min = "1KB", max = "1GB") DataSize maxQueued,
        @DefaultValue("drop") @NotNull QueueFullAction onQueueFull,
        @DefaultValue @NotNull @Valid IngressSettings ingress, @DefaultValue("1MB") @NotNull DataSize hwMtu,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration connectTimeout,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration reconnectWait,
        @Min(0) Integer maxReconnectTries, @DefaultValue @NotNull @Valid AbuseSettings abuse,
        @DefaultValue @NotNull @Valid AnnounceControlSettings announceControl) implements UniqueKeys.Keyed {

    /**
     * Smallest {@code hw-mtu}: a frame must be able to hold more than Reticulum's 19-byte
     * minimum header.
     */
    public static final long MIN_HW_MTU = 64;

    /**
     * Largest {@code hw-mtu}: keeps the per-peer decode buffer (twice this) within
     * reason.
     */
    public static final long MAX_HW_MTU = 16L * 1024 * 1024;

    @Override
    public String uniqueKey() {
        return name;
    }

    /**
     * A server interface of these keys; {@code keyPrefix} is where they stand, for a bind
     * failure's report.
     */
    public ServerInterfaceSpec serverSpec(String keyPrefix) {
        ServerSettings settings = new ServerSettings(maxConnections, idleTimeout, writeStallTimeout, maxQueued,
                onQueueFull, ingress, abuse, announceControl);
        return new ServerInterfaceSpec(name, listenAddress, port, keyPrefix + ".port", hwMtuBytes(), settings,
                MeshRole.NONE);
    }

    /** A client link of these keys. */
    public ClientLinkSpec clientSpec() {
        ClientSettings settings = new ClientSettings(connectTimeout, reconnectWait, maxReconnectTries,
                writeStallTimeout, maxQueued, onQueueFull, announceControl);
        return new ClientLinkSpec(name, host, port, hwMtuBytes(), settings, MeshRole.NONE);
    }

    private int hwMtuBytes() {
        return (int) hwMtu.toBytes();
    }
}
