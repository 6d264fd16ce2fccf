package io.peergate.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One change made through the admin API and kept across restarts: what it changed
 * ({@code key}, e.g. {@code bittorrent/torrents/<hash>}), the value it left (a null JSON
 * value for something removed), when and by whom.
 *
 * @param expiresAt when the change stops mattering (a blacklist's end), so a shared store
 * may let it expire; null for a change that holds until it is undone
 * @param revision the number a shared store gave the change, rising with every change of
 * the cluster; 0 in a store that does not number changes
 */
public record StoredChange(String key, JsonNode value, Instant changedAt, String changedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long revision) {

    public StoredChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(changedBy, "changedBy");
    }

    /** A change that holds until it is undone, not yet numbered. */
    public StoredChange(String key, JsonNode value, Instant changedAt, String changedBy) {
        this(key, value, changedAt, changedBy, null, 0);
    }

    /** Whether the change removed what {@code key} names. */
    public boolean removal() {
        return value.isNull();
    }

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public StoredChange withRevision(long revision) {
        return new StoredChange(key, value, changedAt, changedBy, expiresAt, revision);
    }

}
