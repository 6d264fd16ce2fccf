package io.peergate.support;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a listener bind failure at startup into a short report that says which key to
 * change.
 */
class ListenerBindFailureAnalyzer extends AbstractFailureAnalyzer<ListenerBindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ListenerBindException cause) {
        return new FailureAnalysis(cause.getMessage(), "Free " + cause.address()
                + " (another process may be using it), or set " + cause.portKey() + " to another port.", cause);
    }

}
