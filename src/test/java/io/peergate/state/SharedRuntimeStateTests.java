package io.peergate.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The runtime state of a cluster's node: the others' changes are applied in revision
 * order per key, never an older one over a newer one, and a resync makes the node hold
 * exactly what the shared store holds.
 */
class SharedRuntimeStateTests {

    private static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");

    /** A shared store that numbers writes as Redis does, without telling anyone. */
    private static final class NumberingStore implements StateStore {

        long revision;

        @Override
        public List<StoredChange> load() {
            return List.of();
        }

        @Override
        public long write(StateDelta delta) {
            return ++revision;
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public String kind() {
            return "numbering";
        }

        @Override
        public String location() {
            return "here";
        }

    }

    /** Records what it was asked to apply and revert. */
    private static final class Recorder implements ChangeApplier {

        final List<String> done = new ArrayList<>();

        @Override
        public String apply(StoredChange change) {
            done.add("apply " + change.key() + "=" + change.value() + "@" + change.revision());
            return "applied";
        }

        @Override
        public void revert(StoredChange change) {
            done.add("revert " + change.key());
        }

    }

    private final NumberingStore store = new NumberingStore();

    private final RuntimeState state = new RuntimeState(store, Clock.fixed(NOW, ZoneOffset.UTC));

    private final Recorder recorder = new Recorder();

    {
        state.applyReceivedWith(recorder);
    }

    private static StoredChange change(String key, int value) {
        return change(key, value, null);
    }

    private static StoredChange change(String key, int value, Instant expiresAt) {
        return new StoredChange(key, JsonNodeFactory.instance.numberNode(value), NOW, "admin", expiresAt, 0);
    }

    private static PublishedDelta put(long revision, StoredChange change) {
        return new PublishedDelta(revision, "node-2", List.of(change), List.of(), false);
    }

    @Test
    void anOlderChangeNeverReplacesANewerOne() {
        state.received(put(5, change("k", 5)));
        state.received(put(3, change("k", 3)));
        state.received(new PublishedDelta(4, "node-2", List.of(), List.of("k"), false));
        assertThat(state.find("k")).get().extracting(StoredChange::revision).isEqualTo(5L);
        assertThat(recorder.done).containsExactly("apply k=5@5");
        assertThat(state.newestRevision()).isEqualTo(5);
    }

    @Test
    void aRemovalStopsAnOlderPutThatArrivesAfterIt() {
        state.received(put(2, change("k", 2)));
        state.received(new PublishedDelta(4, "node-2", List.of(), List.of("k"), false));
        state.received(put(3, change("k", 3)));
        assertThat(state.find("k")).isEmpty();
        assertThat(recorder.done).containsExactly("apply k=2@2", "revert k");
    }

    @Test
    void ownWritesAreNumberedAndTheirAnnouncementsSkipped() {
        state.record("mine", JsonNodeFactory.instance.numberNode(1), null, "admin", () -> null);
        state.record("other", JsonNodeFactory.instance.numberNode(1), null, "admin", () -> null);
        assertThat(state.changes()).extracting(StoredChange::revision).containsExactly(1L, 2L);
        state.received(put(1, change("mine", 1)));
        assertThat(recorder.done).isEmpty();
    }

    @Test
    void clearingEverythingDropsOlderChangesOnly() {
        state.received(put(2, change("a", 2)));
        state.received(put(6, change("b", 6)));
        state.received(new PublishedDelta(5, "node-3", List.of(), List.of(), true));
        state.received(put(4, change("c", 4)));
        assertThat(state.changes()).extracting(StoredChange::key).containsExactly("b");
        assertThat(recorder.done).containsExactly("apply a=2@2", "apply b=6@6", "revert a");
    }

    @Test
    void aResyncAppliesWhatDiffersAndRevertsWhatIsGone() {
        state.received(put(1, change("same", 1)));
        state.received(put(2, change("changed", 2)));
        state.received(put(3, change("gone", 3)));
        state.received(put(4, change("ended", 4, NOW.minusSeconds(1))));
        recorder.done.clear();
        int changed = state.resync(new StateSnapshot(9, List.of(change("same", 1).withRevision(1),
                change("changed", 8).withRevision(8), change("new", 9).withRevision(9))));
        assertThat(recorder.done).containsExactly("revert gone", "apply changed=8@8", "apply new=9@9");
        assertThat(changed).isEqualTo(3);
        assertThat(state.changes()).extracting(StoredChange::key).containsExactly("same", "changed", "new");
        assertThat(state.lastSync()).contains(NOW);
        // what the snapshot covered is not applied again when its announcement comes late
        state.received(put(7, change("late", 7)));
        assertThat(state.find("late")).isEmpty();
    }

    @Test
    void expiredChangesAreHiddenFromTheList() {
        state.received(put(1, change("over", 1, NOW)));
        state.received(put(2, change("on", 2, NOW.plusSeconds(60))));
        assertThat(state.changes()).extracting(StoredChange::key).containsExactly("on");
    }

}
