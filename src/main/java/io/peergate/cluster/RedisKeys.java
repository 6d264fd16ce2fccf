package io.peergate.cluster;

/**
 * The Redis keys and channel of one cluster, all under {@code peergate:{<name>}:}. The
 * braces make Redis Cluster keep a cluster's keys in one slot, so its scripts can touch
 * them together.
 */
public record RedisKeys(String prefix) {

    public static RedisKeys of(String clusterName) {
        return new RedisKeys("peergate:{" + clusterName + "}:");
    }

    /** The counter that numbers the cluster's state changes. */
    public String revision() {
        return prefix + "revision";
    }

    /** The set of stored change keys. */
    public String index() {
        return prefix + "changes";
    }

    /** Where one stored change is kept: this prefix and its key. */
    public String changePrefix() {
        return prefix + "change:";
    }

    /** The channel on which every state change is announced. */
    public String channel() {
        return prefix + "changed";
    }

    /** Members by the time their membership ends (a sorted set). */
    public String memberExpiry() {
        return prefix + "members:expiry";
    }

    /** Members' descriptions by id (a hash). */
    public String members() {
        return prefix + "members";
    }

}
