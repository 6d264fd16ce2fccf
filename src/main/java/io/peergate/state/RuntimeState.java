package io.peergate.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>
 * With a store shared by a cluster, the other nodes' changes arrive as they are made
 * ({@link #received}) and as a whole after a gap ({@link #resync}). Every change carries
 * the store's revision; a change older than what this node already has for its key is
 * never applied over it.
 */
public final class RuntimeState {

    private static final Logger log = LoggerFactory.getLogger(RuntimeState.class);

    private static final ChangeApplier NOWHERE = new ChangeApplier() {

        @Override
        public String apply(StoredChange change) {
            throw new IllegalStateException("the node is not ready for runtime changes yet");
        }

        @Override
        public void revert(StoredChange change) {
        }

    };

    private final StateStore store;

    private final Clock clock;

    private final Map<String, StoredChange> changes = new LinkedHashMap<>();

    /**
     * The revision of the newest write seen per key, removals included, since the last
     * resync.
     */
    private final Map<String, Long> seen = new HashMap<>();

    /** Every revision up to this one is in {@link #changes} (the last resync's). */
    private long floor;

    /** The newest revision seen, of any key. */
    private long newest;

    private ChangeApplier applier = NOWHERE;

    private volatile Instant lastWrite;

    private volatile Instant lastSync;

    /**
     * @throws StateFileException when the store holds something it cannot read
     */
    public RuntimeState(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.load().forEach(change -> {
            changes.put(change.key(), change);
            newest = Math.max(newest, change.revision());
        });
        floor = newest;
        lastWrite = store.lastWritten().orElse(null);
    }

    /** Who puts the other nodes' changes into effect on this one. */
    public synchronized void applyReceivedWith(ChangeApplier applier) {
        this.applier = applier;
    }

    /** The changes in force; with a shared store, without the ones that have expired. */
    public synchronized List<StoredChange> changes() {
        if (!store.shared()) {
            return List.copyOf(changes.values());
        }
        Instant now = clock.instant();
        return changes.values().stream().filter(change -> !change.expiredAt(now)).toList();
    }

    public synchronized Optional<StoredChange> find(String key) {
        return Optional.ofNullable(changes.get(key));
    }

    /**
     * Stores {@code value} (a JSON null for a removal) as the change under {@code key},
     * then runs {@code apply}.
     * @param expiresAt when the change stops mattering, or null
     * @throws StateWriteException when it could not be stored: nothing was applied
     */
    public synchronized <T> T record(String key, JsonNode value, Instant expiresAt, String by, Supplier<T> apply) {
        return change(List.of(new StoredChange(key, value, clock.instant(), by, expiresAt, 0)), List.of(), false,
                apply);
    }

    /**
     * Removes the changes under {@code keys}, if any, then runs {@code apply} (which puts
     * back what {@code application.yml} says).
     * @throws StateWriteException when it could not be stored: nothing was applied
     */
    public synchronized <T> T forget(List<String> keys, Supplier<T> apply) {
        List<String> present = keys.stream().filter(changes::containsKey).toList();
        if (present.isEmpty()) {
            return apply.get();
        }
        return change(List.of(), present, false, apply);
    }

    /**
     * Stores what the node has already done on its own (an abuse rule's penalty):
     * {@code values} by key, null removing the key.
     * @throws StateWriteException when it could not be stored; the node keeps what it did
     */
    public synchronized void store(Map<String, Stored> values, String by) {
        Instant now = clock.instant();
        List<StoredChange> puts = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        values.forEach((key, value) -> {
            if (value == null) {
                removals.add(key);
            }
            else {
                puts.add(new StoredChange(key, value.value(), now, by, value.expiresAt(), 0));
            }
        });
        change(puts, removals, false, () -> null);
    }

    /**
     * A value the node stores of its own accord, and when it stops mattering (or null).
     */
    public record Stored(JsonNode value, Instant expiresAt) {
    }

    /**
     * Removes every stored change, then hands them to {@code revert}, which puts the node
     * back as {@code application.yml} has it.
     * @return the changes that were dropped
     * @throws StateWriteException when it could not be stored: nothing was reverted
     */
    public synchronized List<StoredChange> forgetAll(Consumer<List<StoredChange>> revert) {
        List<StoredChange> dropped = List.copyOf(changes.values());
        change(List.of(), List.of(), true, () -> {
            revert.accept(dropped);
            return null;
        });
        return dropped;
    }

    private <T> T change(List<StoredChange> puts, List<String> removals, boolean clearAll, Supplier<T> apply) {
        Map<String, StoredChange> before = new LinkedHashMap<>(changes);
        Map<String, StoredChange> next = clearAll ? new LinkedHashMap<>() : new LinkedHashMap<>(changes);
        removals.forEach(next::remove);
        puts.forEach(change -> next.put(change.key(), change));
        long revision = store.write(new StateDelta(puts, removals, clearAll, new ArrayList<>(next.values())));
        lastWrite = clock.instant();
        changes.clear();
        changes.putAll(next);
        noteWritten(revision, puts, removals, clearAll);
        try {
            return apply.get();
        }
        catch (RuntimeException e) {
            takeBack(before, puts, removals, clearAll);
            throw e;
        }
    }

    /** Puts what was stored before a change that failed to apply back into the store. */
    private void takeBack(Map<String, StoredChange> before, List<StoredChange> puts, List<String> removals,
            boolean clearAll) {
        List<StoredChange> restore = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        List<String> touched = new ArrayList<>(removals);
        puts.forEach(change -> touched.add(change.key()));
        if (clearAll) {
            touched.addAll(before.keySet());
        }
        for (String key : touched) {
            if (before.containsKey(key)) {
                restore.add(before.get(key));
            }
            else {
                drop.add(key);
            }
        }
        changes.clear();
        changes.putAll(before);
        try {
            long revision = store.write(new StateDelta(restore, drop, false, new ArrayList<>(before.values())));
            lastWrite = clock.instant();
            noteWritten(revision, restore, drop, false);
        }
        catch (StateWriteException again) {
            log.error("A runtime change failed to apply and could not be taken back out of {}: "
                    + "a restart would apply it ({})", store.location(), again.getMessage());
        }
    }

    /**
     * Numbers the changes just written with the store's {@code revision}, and remembers
     * it for their keys.
     */
    private void noteWritten(long revision, List<StoredChange> puts, List<String> removals, boolean clearAll) {
        if (revision == 0) {
            return;
        }
        puts.forEach(change -> changes.computeIfPresent(change.key(), (key, held) -> held.withRevision(revision)));
        newest = Math.max(newest, revision);
        if (clearAll) {
            seen.clear();
            floor = Math.max(floor, revision);
        }
        puts.forEach(change -> seen.merge(change.key(), revision, Math::max));
        removals.forEach(key -> seen.merge(key, revision, Math::max));
    }

    /**
     * Another node's write, as the shared store announced it: each part newer than what
     * this node has for its key is put into effect; older parts are skipped.
     */
    public synchronized void received(PublishedDelta delta) {
        long revision = delta.revision();
        newest = Math.max(newest, revision);
        if (delta.clearAll() && revision > floor) {
            for (StoredChange change : List.copyOf(changes.values())) {
                if (change.revision() < revision) {
                    changes.remove(change.key());
                    revert(change, delta.node(), revision);
                }
            }
            seen.clear();
            floor = revision;
        }
        for (String key : delta.removals()) {
            if (revision > known(key)) {
                seen.put(key, revision);
                StoredChange gone = changes.remove(key);
                if (gone != null) {
                    revert(gone, delta.node(), revision);
                }
            }
        }
        for (StoredChange change : delta.puts()) {
            if (revision > known(change.key())) {
                seen.put(change.key(), revision);
                StoredChange numbered = change.withRevision(revision);
                changes.put(change.key(), numbered);
                apply(numbered, delta.node());
            }
        }
    }

    /**
     * Makes this node hold exactly what the shared store holds, after a time in which
     * announcements may have been missed (at startup, when the store comes back).
     * @return how many changes were applied or reverted
     */
    public synchronized int resync(StateSnapshot snapshot) {
        int changed = 0;
        Map<String, StoredChange> now = new LinkedHashMap<>();
        snapshot.changes().forEach(change -> now.put(change.key(), change));
        Instant at = clock.instant();
        for (StoredChange held : List.copyOf(changes.values())) {
            if (!now.containsKey(held.key()) && held.expiredAt(at)) {
                changes.remove(held.key()); // expired in the store: it has ended here too
            }
            else if (!now.containsKey(held.key())) {
                changes.remove(held.key());
                revert(held, "resync", snapshot.revision());
                changed++;
            }
        }
        for (StoredChange change : now.values()) {
            StoredChange held = changes.get(change.key());
            if (held == null || held.revision() != change.revision() || !held.value().equals(change.value())) {
                changes.put(change.key(), change);
                apply(change, "resync");
                changed++;
            }
        }
        seen.clear();
        floor = snapshot.revision();
        newest = snapshot.revision();
        lastSync = clock.instant();
        return changed;
    }

    private long known(String key) {
        return Math.max(floor, seen.getOrDefault(key, 0L));
    }

    private void apply(StoredChange change, String from) {
        try {
            log.info("Runtime change {} (revision {}, by {} via {}): {}", change.key(), change.revision(),
                    change.changedBy(), from, applier.apply(change));
        }
        catch (RuntimeException e) {
            log.warn("Runtime change {} (revision {}, via {}) does not fit this node and was not applied "
                    + "(still stored): {}", change.key(), change.revision(), from, e.getMessage());
        }
    }

    private void revert(StoredChange change, String from, long revision) {
        try {
            applier.revert(change);
            log.info("Runtime change {} dropped (revision {}, via {}): back to application.yml", change.key(), revision,
                    from);
        }
        catch (RuntimeException e) {
            log.warn("Runtime change {} was dropped (revision {}, via {}) but could not be undone here: {}",
                    change.key(), revision, from, e.getMessage());
        }
    }

    /** The newest revision this node has seen; 0 with a store that does not number. */
    public synchronized long newestRevision() {
        return newest;
    }

    /** When the store last took a write; empty before the first. */
    public Optional<Instant> lastWrite() {
        return Optional.ofNullable(lastWrite);
    }

    /** When this node last made its changes equal to the shared store's; empty before. */
    public Optional<Instant> lastSync() {
        return Optional.ofNullable(lastSync);
    }

    public boolean shared() {
        return store.shared();
    }

    public String kind() {
        return store.kind();
    }

    public String location() {
        return store.location();
    }

}
