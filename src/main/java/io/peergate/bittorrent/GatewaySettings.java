package io.peergate.bittorrent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The gateway settings that can change at runtime. The gateway reads them at each accept,
 * so a change reaches the next connection; connections already identified keep going.
 * Names and constraints are those of {@code peergate.bittorrent.*}.
 *
 * @param port public peer port (0 picks a free one)
 * @param maxConnections live inbound connections allowed at once, -1 for unlimited
 * @param maxPending connections still identifying allowed at once, -1 for unlimited
 * @param identifyTimeout time a peer has to send its 48-byte preamble
 * @param upstreamConnectTimeout time allowed to reach a torrent's upstream client (name
 * lookup and connect)
 * @param relayIdleTimeout a relay that moved no byte either way for this long is closed
 * @param writeStallTimeout a relay whose writes toward one side made no progress for this
 * long is closed
 * @param encryption how peers that open with Message Stream Encryption are answered
 */
public record GatewaySettings(@Min(0) @Max(65535) int port, @Min(-1) int maxConnections, @Min(-1) int maxPending,
        @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration identifyTimeout,
        @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration upstreamConnectTimeout,
        @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) Duration relayIdleTimeout,
        @NotNull @DurationMin(seconds = 1) @DurationMax(days = 7) Duration writeStallTimeout,
        @NotNull @Valid EncryptionSettings encryption) {
}
