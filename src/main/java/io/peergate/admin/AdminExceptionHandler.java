package io.peergate.admin;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error a controller or Spring MVC answers, for the admin API and the actuator
 * alike, is an RFC 9457 problem detail. A 400 names the offending field in {@code field}
 * and lists every bad field in {@code errors}. Requests with an unsupported method are
 * answered 405 and logged at DEBUG only: anyone can send them.
 */
@RestControllerAdvice
public class AdminExceptionHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(AdminException.class)
    ResponseEntity<ProblemDetail> handleAdmin(AdminException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        if (e instanceof AdminException.InvalidField invalid) {
            withFields(problem, invalid.errors());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            AdminException.InvalidField invalid = AdminException.InvalidField.of(jackson);
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
            withFields(problem, invalid.errors());
        }
        else {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON.");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        logger.debug(e.getMessage());
        return handleExceptionInternal(e, null, headers, status, request);
    }

    private static void withFields(ProblemDetail problem, Map<String, String> fields) {
        problem.setProperty("field", fields.keySet().iterator().next());
        List<Map<String, String>> errors = fields.entrySet()
            .stream()
            .map(entry -> Map.of("field", entry.getKey(), "message", entry.getValue()))
            .toList();
        problem.setProperty("errors", errors);
    }

}
