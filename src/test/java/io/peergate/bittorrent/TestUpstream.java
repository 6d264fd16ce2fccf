package io.peergate.bittorrent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in BitTorrent client: a real listening socket whose accepted connections the
 * test drives.
 */
final class TestUpstream implements AutoCloseable {

    private final ServerSocket server;

    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

    private final Thread acceptor;

    TestUpstream() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "test-upstream-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout(20_000);
                accepted.add(socket);
            }
            catch (IOException e) {
                return;
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next connection the gateway opened to us, waiting up to {@code seconds}. */
    Socket next(long seconds) throws InterruptedException {
        Socket socket = accepted.poll(seconds, TimeUnit.SECONDS);
        if (socket == null) {
            throw new AssertionError("no upstream connection within " + seconds + "s");
        }
        return socket;
    }

    /** The next connection if one arrives within {@code millis}, else null. */
    Socket poll(long millis) throws InterruptedException {
        return accepted.poll(millis, TimeUnit.MILLISECONDS);
    }

    int waiting() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

}
