package io.peergate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class RuntimeStateTests {

    /** A store whose writes can be made to fail. */
    private static final class FlakyStore implements StateStore {

        final MemoryStateStore inner = new MemoryStateStore();

        boolean failing;

        final List<Integer> writes = new ArrayList<>();

        @Override
        public List<StoredChange> load() {
            return inner.load();
        }

        @Override
        public long write(StateDelta delta) {
            if (failing) {
                throw new StateWriteException("disk full", null);
            }
            writes.add(delta.after().size());
            return inner.write(delta);
        }

        @Override
        public String kind() {
            return "flaky";
        }

        @Override
        public String location() {
            return "here";
        }

    }

    @Test
    void aChangeThatCannotBeStoredIsNotApplied() {
        FlakyStore store = new FlakyStore();
        RuntimeState state = new RuntimeState(store, Clock.systemUTC());
        store.failing = true;
        List<String> applied = new ArrayList<>();
        assertThatThrownBy(
                () -> state.record("k", JsonNodeFactory.instance.numberNode(1), null, "admin", () -> applied.add("k")))
            .isInstanceOf(StateWriteException.class);
        assertThat(applied).isEmpty();
        assertThat(state.changes()).isEmpty();
        assertThat(state.lastWrite()).isEmpty();
    }

    @Test
    void aChangeThatFailsToApplyIsTakenBackOutOfTheStore() {
        FlakyStore store = new FlakyStore();
        RuntimeState state = new RuntimeState(store, Clock.systemUTC());
        state.record("kept", JsonNodeFactory.instance.numberNode(1), null, "admin", () -> true);
        assertThatThrownBy(() -> state.record("refused", JsonNodeFactory.instance.numberNode(2), null, "admin", () -> {
            throw new IllegalStateException("port in use");
        })).hasMessage("port in use");
        assertThat(state.changes()).extracting(StoredChange::key).containsExactly("kept");
        assertThat(store.load()).extracting(StoredChange::key).containsExactly("kept");
        assertThat(store.writes).containsExactly(1, 2, 1);
    }

    @Test
    void forgetAllHandsTheDroppedChangesToTheRevert() {
        FlakyStore store = new FlakyStore();
        RuntimeState state = new RuntimeState(store, Clock.systemUTC());
        state.record("a", JsonNodeFactory.instance.numberNode(1), null, "admin", () -> true);
        state.record("b", JsonNodeFactory.instance.nullNode(), null, "ops", () -> true);
        List<String> reverted = new ArrayList<>();
        state.forgetAll(dropped -> dropped.forEach(change -> reverted.add(change.key())));
        assertThat(reverted).containsExactly("a", "b");
        assertThat(state.changes()).isEmpty();
        assertThat(store.load()).isEmpty();
    }

}
