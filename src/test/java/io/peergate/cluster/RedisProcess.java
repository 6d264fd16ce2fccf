package io.peergate.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary shipped in embedded-redis) on 127.0.0.1 and a free
 * port, keeping its data in {@code dir} with every write fsynced, so a stop and a start
 * keep what was written, as a Redis with a volume does.
 */
final class RedisProcess implements AutoCloseable {

    private final int port;

    private final Path dir;

    private RedisServer server;

    RedisProcess(Path dir) {
        this.dir = dir;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = free.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    void start() {
        try {
            server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("appendfsync always")
                .setting("save \"\"")
                .build();
            server.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        if (server != null) {
            try {
                server.stop();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

}
