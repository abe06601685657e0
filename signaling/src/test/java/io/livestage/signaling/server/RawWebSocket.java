package io.livestage.signaling.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, so a test decides exactly when it reads (or never does)
 * and can send what browsers would not: floods of tiny frames, ping control frames. Its receive
 * buffer is small, so a client that stops reading backs up into the server quickly.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int PING = 0x9;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects, upgrades to a WebSocket at {@code /ws} and reads the server's 101 answer. */
    static RawWebSocket connect(int port, int receiveBufferBytes) throws IOException {
        RawWebSocket client = upgrade(null, port, receiveBufferBytes);
        String head = client.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            client.close();
            throw new IOException("the upgrade was refused: " + head);
        }
        return client;
    }

    /** The server's answer to an upgrade: its HTTP status, and the WebSocket when that is 101 (else null). */
    record Upgrade(int status, RawWebSocket socket) {}

    /**
     * Connects from {@code localAddress} (every 127.x.y.z is this machine, so a test can be several
     * clients' addresses) and asks for the upgrade; a refused one's connection is closed.
     */
    static Upgrade connectFrom(String localAddress, int port) throws IOException {
        RawWebSocket client = upgrade(localAddress, port, 64 * 1024);
        String head = client.readHead();
        int status = Integer.parseInt(head.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        if (status == 101) {
            return new Upgrade(status, client);
        }
        client.close();
        return new Upgrade(status, null);
    }

    private static RawWebSocket upgrade(String localAddress, int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        // Before connect, so the window the client announces is small from the first segment.
        socket.setReceiveBufferSize(receiveBufferBytes);
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        RawWebSocket client = new RawWebSocket(socket);
        client.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed during the upgrade: " + head);
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    /** Appends one masked client frame (payload under 64 KiB) to {@code batch}. */
    static void frame(ByteArrayOutputStream batch, int opcode, byte[] payload) {
        if (payload.length > 0xffff) {
            throw new IllegalArgumentException("frames up to 64 KiB only");
        }
        batch.write(0x80 | opcode);
        if (payload.length < 126) {
            batch.write(0x80 | payload.length);
        } else {
            batch.write(0x80 | 126);
            batch.write(payload.length >> 8);
            batch.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        batch.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            batch.write(payload[i] ^ mask[i & 3]);
        }
    }

    static void text(ByteArrayOutputStream batch, String text) {
        frame(batch, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendText(String text) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        text(frame, text);
        write(frame.toByteArray());
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next text frame the server sent, as JSON. */
    JsonNode readMessage() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7f;
            long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
            byte[] payload = new byte[Math.toIntExact(size)];
            in.readFully(payload);
            if ((first & 0x0f) == TEXT) {
                return WsClient.JSON.readTree(payload);
            }
        }
    }

    /** The next message of the type, skipping others. */
    JsonNode expect(String type) throws IOException {
        JsonNode message;
        do {
            message = readMessage();
        } while (!type.equals(message.path("type").asText()));
        return message;
    }

    /**
     * Reads and drops whatever arrives until the server ends the connection; true when it did
     * within the time (end of stream or a reset), false when the connection was still open.
     */
    boolean endsWithin(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] sink = new byte[64 * 1024];
        InputStream input = socket.getInputStream();
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            try {
                if (input.read(sink) < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
