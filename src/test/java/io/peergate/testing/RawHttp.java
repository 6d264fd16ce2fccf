package io.peergate.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket to a node on loopback: the request goes out exactly as
 * written (odd paths, missing or extra headers) in one write, and the answer comes back
 * as sent, nothing tidied on the way.
 */
public final class RawHttp {

    /** An answer: status, headers by lower-case name, body (de-chunked). */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }

    }

    private RawHttp() {
    }

    /**
     * Sends {@code requestLine}, the Host header, {@code headers} and {@code body} (none
     * when null), and reads the answer until the node closes the connection.
     */
    public static Answer exchange(int port, String requestLine, String body, String... headers) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost:")
                .append(port)
                .append("\r\nConnection: close\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (body != null || !requestLine.startsWith("GET")) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            request.write(content);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(in.readAllBytes());
        }
    }

    private static Answer parse(byte[] raw) {
        int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        String[] head = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
        }
        int start = split + 4;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            int at = start;
            while (true) {
                int lineEnd = indexOf(raw, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
                int size = Integer.parseInt(new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(raw, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        }
        else {
            body.write(raw, start, raw.length - start);
        }
        return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i + part.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no end of the answer's head");
    }

}
