package io.peergate.state.config;

import io.peergate.state.StateFileException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A stored-state file that cannot be read stops the node with a report that names the
 * file and the ways out; the node never overwrites it.
 */
class StateFileFailureAnalyzer extends AbstractFailureAnalyzer<StateFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StateFileException cause) {
        return new FailureAnalysis(cause.getMessage(), "Repair " + cause.file()
                + " (it is JSON: {\"format\": 1, \"changes\": [...]}), restore it from a backup, or move it away to "
                + "start from application.yml alone (the runtime changes it held are then lost). "
                + "peergate.state.store=memory starts the node without stored changes.", cause);
    }

}
