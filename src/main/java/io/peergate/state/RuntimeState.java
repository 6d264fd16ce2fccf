package io.peergate.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The runtime changes in force, one per key, and the store that keeps them. A change is
 * stored first and applied to the node second: when the store cannot write, nothing is
 * applied; when applying fails, the stored change is taken back. So the node and what a
 * restart would restore never disagree. Changes are made one at a time.
 */
public final class RuntimeState {

    private static final Logger log = LoggerFactory.getLogger(RuntimeState.class);

    private final StateStore store;

    private final Clock clock;

    private final Map<String, StoredChange> changes = new LinkedHashMap<>();

    private volatile Instant lastWrite;

    /**
     * @throws StateFileException when the store holds something it cannot read
     */
    public RuntimeState(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.load().forEach(change -> changes.put(change.key(), change));
        lastWrite = store.lastWritten().orElse(null);
    }

    public synchronized List<StoredChange> changes() {
        return List.copyOf(changes.values());
    }

    public synchronized Optional<StoredChange> find(String key) {
        return Optional.ofNullable(changes.get(key));
    }

    /**
     * Stores {@code value} (a JSON null for a removal) as the change under {@code key},
     * then runs {@code apply}.
     * @throws StateWriteException when it could not be stored: nothing was applied
     */
    public synchronized <T> T record(String key, JsonNode value, String by, Supplier<T> apply) {
        Map<String, StoredChange> next = new LinkedHashMap<>(changes);
        next.put(key, new StoredChange(key, value, clock.instant(), by));
        return replace(next, apply);
    }

    /**
     * Removes the changes under {@code keys}, if any, then runs {@code apply} (which puts
     * back what {@code application.yml} says).
     * @throws StateWriteException when it could not be stored: nothing was applied
     */
    public synchronized <T> T forget(List<String> keys, Supplier<T> apply) {
        if (keys.stream().noneMatch(changes::containsKey)) {
            return apply.get();
        }
        Map<String, StoredChange> next = new LinkedHashMap<>(changes);
        keys.forEach(next::remove);
        return replace(next, apply);
    }

    /**
     * Stores what the node has already done on its own (an abuse rule's penalty):
     * {@code values} by key, a Java null removing the key.
     * @throws StateWriteException when it could not be stored; the node keeps what it did
     */
    public synchronized void store(Map<String, JsonNode> values, String by) {
        Map<String, StoredChange> next = new LinkedHashMap<>(changes);
        Instant now = clock.instant();
        values.forEach((key, value) -> {
            if (value == null) {
                next.remove(key);
            }
            else {
                next.put(key, new StoredChange(key, value, now, by));
            }
        });
        replace(next, () -> null);
    }

    /**
     * Removes every stored change, then hands them to {@code revert}, which puts the node
     * back as {@code application.yml} has it.
     * @return the changes that were dropped
     * @throws StateWriteException when it could not be stored: nothing was reverted
     */
    public synchronized List<StoredChange> forgetAll(Consumer<List<StoredChange>> revert) {
        List<StoredChange> dropped = List.copyOf(changes.values());
        replace(new LinkedHashMap<>(), () -> {
            revert.accept(dropped);
            return null;
        });
        return dropped;
    }

    private <T> T replace(Map<String, StoredChange> next, Supplier<T> apply) {
        store.write(new ArrayList<>(next.values()));
        lastWrite = clock.instant();
        Map<String, StoredChange> before = new LinkedHashMap<>(changes);
        changes.clear();
        changes.putAll(next);
        try {
            return apply.get();
        }
        catch (RuntimeException e) {
            changes.clear();
            changes.putAll(before);
            try {
                store.write(new ArrayList<>(before.values()));
                lastWrite = clock.instant();
            }
            catch (StateWriteException again) {
                log.error("A runtime change failed to apply and could not be taken back out of {}: "
                        + "a restart would apply it ({})", store.location(), again.getMessage());
            }
            throw e;
        }
    }

    /** When the store last took a write; empty before the first. */
    public Optional<Instant> lastWrite() {
        return Optional.ofNullable(lastWrite);
    }

    public String kind() {
        return store.kind();
    }

    public String location() {
        return store.location();
    }

}
