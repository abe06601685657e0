package io.livestage.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay a test puts between a client and a server: {@link #cut()} breaks every relayed
 * connection and refuses new ones (closed on accept) until {@link #restore()}, on the same port, as a
 * network drop or an outage looks to the client (a browser's WebSocket, a node's Redis); {@link #retarget}
 * sends new connections elsewhere, as a load balancer does once the node they reached is gone. One thread
 * per direction per connection: for a handful of connections.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final ServerSocket listener;
    private volatile int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private boolean refusing;

    private TcpProxy(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** Relays a free loopback port to {@code targetPort} on loopback. */
    public static TcpProxy start(int targetPort) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        TcpProxy proxy = new TcpProxy(listener, targetPort);
        daemon(proxy::acceptLoop, "tcp-proxy-accept");
        return proxy;
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The network goes away: open connections break, new ones are refused (closed on accept). */
    public synchronized void cut() {
        refusing = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** The network is back: new connections are relayed again. */
    public synchronized void restore() {
        refusing = false;
    }

    /** New connections go to {@code port} from now on; open ones are left as they are. */
    public void retarget(int port) {
        targetPort = port;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            relay(client);
        }
    }

    /** Under the lock {@link #cut()} takes, so a connection accepted as the cut happens is dropped, not kept. */
    private synchronized void relay(Socket client) {
        if (refusing) {
            closeQuietly(client);
            return;
        }
        try {
            Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(client);
            open.add(server);
            daemon(() -> pump(client, server), "tcp-proxy-pump");
            daemon(() -> pump(server, client), "tcp-proxy-pump");
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // The other direction or cut() closed the pair: nothing more to relay.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a broken socket has nothing left to report.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
