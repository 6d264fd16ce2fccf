package io.peergate.bittorrent.config;

import io.peergate.bittorrent.EncryptionSettings;
import io.peergate.bittorrent.GatewaySettings;
import io.peergate.bittorrent.GatewaySpec;
import io.peergate.bittorrent.TorrentRegistry;
import io.peergate.bittorrent.UpstreamAddress;
import io.peergate.bittorrent.UpstreamEncryption;
import io.peergate.bittorrent.wire.InfoHash;
import io.peergate.support.UniqueKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the BitTorrent gateway ({@code peergate.bittorrent.*}).
 *
 * @param enabled whether the gateway listens at all
 * @param listenAddress address the public peer port binds to
 * @param port public peer port (0 picks a free one)
 * @param maxConnections live inbound connections allowed at once, -1 for unlimited
 * @param maxPending connections still identifying allowed at once, -1 for unlimited
 * @param identifyTimeout time a peer has to send its 48-byte preamble
 * @param upstreamConnectTimeout time allowed to connect to a torrent's upstream client
 * @param halfCloseTimeout time a half-closed relay may stay open before both sides are
 * closed
 * @param shutdownTimeout bounded wait for an old listener to close (stop, port change)
 * @param acceptErrorBackoff pause in accepting after an accept error such as too many
 * open files
 * @param encryption how peers that open with Message Stream Encryption are answered
 * @param torrents torrents routed at startup
 */
@Validated
@ConfigurationProperties("peergate.bittorrent")
public record BitTorrentProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") @NotBlank String listenAddress, @DefaultValue("6881") @Min(0) @Max(65535) int port,
        @DefaultValue("-1") @Min(-1) int maxConnections, @DefaultValue("-1") @Min(-1) int maxPending,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration identifyTimeout,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(
                minutes = 10) Duration upstreamConnectTimeout,
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) Duration relayIdleTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) Duration writeStallTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration halfCloseTimeout,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration shutdownTimeout,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 0) @DurationMax(minutes = 10) Duration acceptErrorBackoff,
        @DefaultValue @NotNull @Valid EncryptionSettings encryption,
        @DefaultValue @UniqueKeys(what = "info hash") List<@Valid Torrent> torrents) {

    /** The gateway these keys describe (the torrents go to the registry). */
    public GatewaySpec spec() {
        GatewaySettings settings = new GatewaySettings(port, maxConnections, maxPending, identifyTimeout,
                upstreamConnectTimeout, relayIdleTimeout, writeStallTimeout, encryption);
        return new GatewaySpec(listenAddress, halfCloseTimeout, shutdownTimeout, acceptErrorBackoff, settings);
    }

    /** A torrent name: safe in logs, JSON and meter tags, and short. */
    public static final String NAME_PATTERN = "[\\p{L}\\p{N}][\\p{L}\\p{N} ._+-]{0,63}";

    static final String NAME_RULE = "must be 1-64 letters, digits, spaces, '.', '_', '+' or '-', starting with a letter or digit";

    /**
     * One routed torrent.
     *
     * @param infoHash 40 hex characters, any case
     * @param name label used in logs, the API and as a meter tag: 1-64 letters, digits,
     * spaces, {@code .}, {@code _}, {@code +} or {@code -}, starting with a letter or
     * digit
     * @param upstream {@code host:port} of the BitTorrent client that serves it
     * @param encryption how the gateway talks to the upstream: {@code plaintext} (the
     * default) or {@code mse}
     */
    public record Torrent(
            @NotNull @Pattern(regexp = InfoHash.HEX_PATTERN, message = "must be 40 hex characters") String infoHash,
            @NotNull @Pattern(regexp = NAME_PATTERN, message = NAME_RULE) String name,
            @NotNull @ValidUpstream String upstream,
            @DefaultValue("plaintext") @Nullable UpstreamEncryption encryption) implements UniqueKeys.Keyed {

        public Torrent {
            // absent from an admin body or a state file written before the key existed
            encryption = encryption == null ? UpstreamEncryption.PLAINTEXT : encryption;
        }

        @Override
        public String uniqueKey() {
            return infoHash == null ? null : infoHash.toLowerCase();
        }

        /**
         * Routes this torrent (a valid one): adds it to {@code registry} or changes it
         * there.
         */
        public TorrentRegistry.PutResult addTo(TorrentRegistry registry) {
            return registry.put(InfoHash.fromHex(infoHash), name, UpstreamAddress.parse(upstream), encryption);
        }
    }
}
