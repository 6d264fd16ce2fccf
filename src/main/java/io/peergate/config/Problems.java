package io.peergate.config;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * RFC 9457 problem details written straight to a servlet response, for the layers that
 * answer before any controller (the servlet container, the security filters).
 * Hand-written JSON so it works where no JSON mapper is at hand.
 */
final class Problems {

    private Problems() {
    }

    static void write(HttpServletResponse response, int status, String instance, String detail) throws IOException {
        response.setStatus(status);
        // JSON is UTF-8 by definition (RFC 8259): no charset parameter, as Spring MVC
        // writes it too.
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        OutputStream out = response.getOutputStream();
        out.write(json(status, instance, detail).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String json(int status, String instance, String detail) {
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":");
        quote(json, reasonPhrase(status));
        json.append(",\"status\":").append(status).append(",\"detail\":");
        quote(json, detail);
        if (instance != null) {
            json.append(",\"instance\":");
            // Only a bounded, printable prefix of a path someone sent is repeated back.
            quote(json, instance.length() > 256 ? instance.substring(0, 256) + "…" : instance);
        }
        return json.append('}').toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.getType(c) == Character.CONTROL) {
                        json.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

}
