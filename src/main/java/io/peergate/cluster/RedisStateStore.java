package io.peergate.cluster;

import io.peergate.state.PublishedDelta;
import io.peergate.state.StateDelta;
import io.peergate.state.StateSnapshot;
import io.peergate.state.StateStore;
import io.peergate.state.StateWriteException;
import io.peergate.state.StoredChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime changes of a cluster in Redis. Each change is a key of its own,
 * {@code peergate:{<cluster>}:change:<key>}, holding its revision and the change as JSON
 * ({@code 17 {"value": ..., "changedAt": ...}}); a blacklist entry or penalty expires in
 * Redis when it ends. A write is one script: it takes the next revision from the
 * cluster's counter, makes the change and announces it on the cluster's channel, all at
 * once, so every node sees changes in revision order. While Redis is away a write fails
 * at once (the client rejects commands while it is disconnected).
 */
public final class RedisStateStore implements StateStore {

    private static final Logger log = LoggerFactory.getLogger(RedisStateStore.class);

    private static final RedisScript<Long> WRITE = RedisScript.of("""
            local revision = redis.call('INCR', KEYS[1])
            local prefix = ARGV[1]
            if ARGV[3] == '1' then
              for _, key in ipairs(redis.call('SMEMBERS', KEYS[2])) do
                redis.call('DEL', prefix .. key)
              end
              redis.call('DEL', KEYS[2])
            end
            local i = 6
            for _ = 1, tonumber(ARGV[5]) do
              redis.call('SET', prefix .. ARGV[i], revision .. ' ' .. ARGV[i + 1])
              if ARGV[i + 2] ~= '0' then
                redis.call('PEXPIREAT', prefix .. ARGV[i], ARGV[i + 2])
              end
              redis.call('SADD', KEYS[2], ARGV[i])
              i = i + 3
            end
            while i <= #ARGV do
              redis.call('DEL', prefix .. ARGV[i])
              redis.call('SREM', KEYS[2], ARGV[i])
              i = i + 1
            end
            redis.call('PUBLISH', ARGV[2], revision .. ' ' .. ARGV[4])
            return revision
            """, Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SNAPSHOT = RedisScript.of("""
            local out = {redis.call('GET', KEYS[1]) or '0'}
            for _, key in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              local stored = redis.call('GET', ARGV[1] .. key)
              if stored then
                table.insert(out, key)
                table.insert(out, stored)
              else
                redis.call('SREM', KEYS[2], key)
              end
            end
            return out
            """, List.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final RedisReachability reachability;

    private final String nodeId;

    private final JsonMapper json = JsonMapper.builder().build();

    public RedisStateStore(StringRedisTemplate redis, RedisKeys keys, RedisReachability reachability, String nodeId) {
        this.redis = redis;
        this.keys = keys;
        this.reachability = reachability;
        this.nodeId = nodeId;
    }

    /**
     * What Redis holds; empty when Redis cannot be reached at startup (the node starts
     * from {@code application.yml} and resynchronises once Redis is there).
     */
    @Override
    public List<StoredChange> load() {
        try {
            return snapshot().changes();
        }
        catch (RuntimeException e) {
            log.warn("Redis at {} cannot be reached at startup ({}): starting from application.yml; the cluster's "
                    + "runtime changes are applied once it is back", reachability.location(), e.getMessage());
            return List.of();
        }
    }

    /**
     * Everything Redis holds for the cluster, at one revision.
     * @throws RuntimeException when Redis cannot be reached
     */
    public StateSnapshot snapshot() {
        List<?> reply = reachability
            .track(() -> redis.execute(SNAPSHOT, List.of(keys.revision(), keys.index()), keys.changePrefix()));
        long revision = Long.parseLong(String.valueOf(reply.get(0)));
        List<StoredChange> changes = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            String key = String.valueOf(reply.get(i));
            String stored = String.valueOf(reply.get(i + 1));
            try {
                int space = stored.indexOf(' ');
                long changeRevision = Long.parseLong(stored.substring(0, space));
                changes.add(change(key, json.readTree(stored.substring(space + 1))).withRevision(changeRevision));
            }
            catch (RuntimeException e) {
                log.warn("Stored change {} in Redis is not readable and was skipped: {}", key, e.getMessage());
            }
        }
        return new StateSnapshot(revision, changes);
    }

    @Override
    public long write(StateDelta delta) {
        List<String> args = new ArrayList<>();
        args.add(keys.changePrefix());
        args.add(keys.channel());
        args.add(delta.clearAll() ? "1" : "0");
        args.add(json.writeValueAsString(announcement(delta)));
        args.add(Integer.toString(delta.puts().size()));
        for (StoredChange change : delta.puts()) {
            args.add(change.key());
            args.add(json.writeValueAsString(body(change)));
            args.add(change.expiresAt() == null ? "0" : Long.toString(change.expiresAt().toEpochMilli()));
        }
        args.addAll(delta.removals());
        try {
            return reachability
                .track(() -> redis.execute(WRITE, List.of(keys.revision(), keys.index()), args.toArray()));
        }
        catch (RuntimeException e) {
            throw new StateWriteException(
                    "Could not write to Redis at " + reachability.location() + ": " + RedisReachability.describe(e), e);
        }
    }

    /**
     * Reads an announcement from the cluster's channel ({@code <revision> <json>}).
     * @return empty for one that cannot be read (logged)
     */
    public Optional<PublishedDelta> read(String message) {
        try {
            int space = message.indexOf(' ');
            long revision = Long.parseLong(message.substring(0, space));
            JsonNode root = json.readTree(message.substring(space + 1));
            List<StoredChange> puts = new ArrayList<>();
            for (JsonNode put : root.path("puts")) {
                puts.add(change(put.path("key").asString(), put));
            }
            List<String> removals = new ArrayList<>();
            root.path("removals").forEach(key -> removals.add(key.asString()));
            return Optional.of(new PublishedDelta(revision, root.path("node").asString(), puts, removals,
                    root.path("clearAll").asBoolean()));
        }
        catch (RuntimeException e) {
            log.warn("An announcement on {} is not readable and was skipped: {}", keys.channel(), e.getMessage());
            return Optional.empty();
        }
    }

    private ObjectNode announcement(StateDelta delta) {
        ObjectNode root = json.createObjectNode();
        root.put("node", nodeId);
        ArrayNode puts = root.putArray("puts");
        delta.puts().forEach(change -> puts.add(body(change).put("key", change.key())));
        ArrayNode removals = root.putArray("removals");
        delta.removals().forEach(removals::add);
        root.put("clearAll", delta.clearAll());
        return root;
    }

    private ObjectNode body(StoredChange change) {
        ObjectNode node = json.createObjectNode();
        node.set("value", change.value());
        node.put("changedAt", change.changedAt().toString());
        node.put("changedBy", change.changedBy());
        if (change.expiresAt() != null) {
            node.put("expiresAt", change.expiresAt().toString());
        }
        return node;
    }

    private static StoredChange change(String key, JsonNode node) {
        Instant expiresAt = node.path("expiresAt").isString() ? Instant.parse(node.get("expiresAt").asString()) : null;
        return new StoredChange(key, node.get("value"), Instant.parse(node.path("changedAt").asString()),
                node.path("changedBy").asString(), expiresAt, 0);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public String location() {
        return "Redis at " + reachability.location() + ", keys " + keys.prefix() + "*";
    }

}
