package io.peergate.admin;

import io.peergate.state.RuntimeState;
import io.peergate.state.StoredChange;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/state}: the runtime changes the node keeps across restarts, and a way to
 * drop them all (back to {@code application.yml}).
 */
@RestController
@RequestMapping("/admin/state")
public class StateController {

    private static final Logger log = LoggerFactory.getLogger(StateController.class);

    private final RuntimeState state;

    private final StoredChanges changes;

    public StateController(RuntimeState state, StoredChanges changes) {
        this.state = state;
        this.changes = changes;
    }

    /** The store, where it keeps the changes, its last write, and every stored change. */
    public record StateAnswer(String store, String location, Instant lastWrite, List<StoredChange> changes) {
    }

    @GetMapping
    public StateAnswer state() {
        return answer(state.changes());
    }

    /** Drops every stored change and puts the node back as application.yml has it. */
    @DeleteMapping
    public StateAnswer drop(Principal who) {
        List<StoredChange> dropped = changes.dropAll();
        log.info("{} dropped all {} stored runtime change{} (back to application.yml): {}", who.getName(),
                dropped.size(), dropped.size() == 1 ? "" : "s", dropped.stream().map(StoredChange::key).toList());
        return answer(dropped);
    }

    private StateAnswer answer(List<StoredChange> list) {
        return new StateAnswer(state.kind(), state.location(), state.lastWrite().orElse(null), list);
    }

}
