package io.peergate.state;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One change made through the admin API and kept across restarts: what it changed
 * ({@code key}, e.g. {@code bittorrent/torrents/<hash>}), the value it left (a null JSON
 * value for something removed), when and by whom.
 */
public record StoredChange(String key, JsonNode value, Instant changedAt, String changedBy) {

    public StoredChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(changedBy, "changedBy");
    }

    /** Whether the change removed what {@code key} names. */
    public boolean removal() {
        return value.isNull();
    }

}
