package io.peergate.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says how to start a node whose settings the ahead-of-time context does not fit. */
class AheadOfTimeMismatchFailureAnalyzer
        extends AbstractFailureAnalyzer<AheadOfTimeGuard.AheadOfTimeMismatchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AheadOfTimeGuard.AheadOfTimeMismatchException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Start this node without -Dspring.aot.enabled=true (the class-data-sharing archive still applies);"
                        + " the ahead-of-time start is for nodes that run the gateway outside cluster mode.",
                cause);
    }

}
