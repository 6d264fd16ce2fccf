package io.peergate.config;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page for what it refuses before any servlet sees the request (an encoded
 * slash or a backslash in the path, a request line too long): a problem detail instead of
 * an HTML page, like every other error of the node.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            String detail = response.getMessage() != null && !response.getMessage().isBlank() ? response.getMessage()
                    : "The request was refused: " + Problems.reasonPhrase(status) + ".";
            response.getReporter().write(Problems.json(status, request.getRequestURI(), detail));
            response.finishResponse();
        }
        catch (IOException | IllegalStateException e) {
            // the connection is gone: nothing left to tell
        }
    }

}
