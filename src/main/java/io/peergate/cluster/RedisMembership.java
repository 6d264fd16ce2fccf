package io.peergate.cluster;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster membership in Redis: a hash of members' descriptions and a sorted set of when
 * each membership ends. A heartbeat renews this node's membership, drops the ones that
 * have ended (by Redis's clock, so the nodes' clocks need not agree) and reads the
 * members and the state revision, in one script.
 */
public final class RedisMembership {

    private static final Logger log = LoggerFactory.getLogger(RedisMembership.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> HEARTBEAT = RedisScript.of("""
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
              redis.call('HDEL', KEYS[2], id)
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local out = {redis.call('GET', KEYS[3]) or '0'}
            for _, field in ipairs(redis.call('HGETALL', KEYS[2])) do
              table.insert(out, field)
            end
            return out
            """, List.class);

    private static final RedisScript<Long> LEAVE = RedisScript.of("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            return redis.call('HDEL', KEYS[2], ARGV[1])
            """, Long.class);

    /** What a heartbeat found: the state revision and the live members. */
    public record Beat(long revision, List<ClusterMember> members) {
    }

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final RedisReachability reachability;

    private final JsonMapper json = JsonMapper.builder().build();

    public RedisMembership(StringRedisTemplate redis, RedisKeys keys, RedisReachability reachability) {
        this.redis = redis;
        this.keys = keys;
        this.reachability = reachability;
    }

    /**
     * Renews {@code self}'s membership for {@code ttlMillis}.
     * @throws RuntimeException when Redis cannot be reached
     */
    public Beat heartbeat(ClusterMember self, long ttlMillis) {
        List<?> reply = reachability
            .track(() -> redis.execute(HEARTBEAT, List.of(keys.memberExpiry(), keys.members(), keys.revision()),
                    self.id(), json.writeValueAsString(self), Long.toString(ttlMillis)));
        List<ClusterMember> members = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            try {
                members.add(json.readValue(String.valueOf(reply.get(i + 1)), ClusterMember.class));
            }
            catch (RuntimeException e) {
                log.warn("Cluster member {} is not readable and was skipped: {}", reply.get(i), e.getMessage());
            }
        }
        return new Beat(Long.parseLong(String.valueOf(reply.get(0))), members);
    }

    /** Ends {@code id}'s membership at once (a node shutting down). */
    public void leave(String id) {
        redis.execute(LEAVE, List.of(keys.memberExpiry(), keys.members()), id);
    }

}
