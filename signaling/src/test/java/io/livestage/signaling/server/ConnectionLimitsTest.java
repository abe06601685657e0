package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection caps of a real server: per node (503 on the upgrade), per address (429 on the
 * upgrade; every 127.x.y.z is this machine, so one test is many addresses), per user (the extra
 * {@code auth} is refused and its connection closed with 4029), and the request budget a user's
 * connections share. A closed connection gives its place back.
 */
class ConnectionLimitsTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable connection : open) {
            connection.close();
        }
    }

    @Test
    void theNodeRefusesUpgradesBeyondMaxConnectionsWith503() throws Exception {
        try (TestServer server = TestServer.start(TestServer.caps(3, 100, List.of(), 10), TestServer.shows(30_000))) {
            RawWebSocket first = admitted(server, "127.0.0.2");
            admitted(server, "127.0.0.3");
            admitted(server, "127.0.0.4");
            assertEquals(503, RawWebSocket.connectFrom("127.0.0.5", server.port()).status());
            assertEquals(503, RawWebSocket.connectFrom("127.0.0.2", server.port()).status());
            assertEquals(2.0, server.meter("livestage.connections.refused", "cap", "node"));
            first.close();
            awaitAdmitted(server, "127.0.0.5");
        }
    }

    @Test
    void oneAddressGetsAtMostMaxConnectionsPerIpThen429() throws Exception {
        try (TestServer server = TestServer.start(TestServer.caps(100, 2, List.of(), 10), TestServer.shows(30_000))) {
            RawWebSocket first = admitted(server, "127.0.0.2");
            admitted(server, "127.0.0.2");
            assertEquals(429, RawWebSocket.connectFrom("127.0.0.2", server.port()).status());
            admitted(server, "127.0.0.3");
            admitted(server, "127.0.0.3");
            assertEquals(429, RawWebSocket.connectFrom("127.0.0.3", server.port()).status());
            assertEquals(2.0, server.meter("livestage.connections.refused", "cap", "ip"));
            assertEquals(0.0, server.meter("livestage.connections.refused", "cap", "node"));
            first.close();
            awaitAdmitted(server, "127.0.0.2");
        }
    }

    @Test
    void exemptAddressesAreNotCountedPerAddress() throws Exception {
        try (TestServer server = TestServer.start(TestServer.caps(100, 2, List.of("127.0.0.2"), 10),
                TestServer.shows(30_000))) {
            for (int i = 0; i < 5; i++) {
                admitted(server, "127.0.0.2");
            }
            admitted(server, "127.0.0.3");
            admitted(server, "127.0.0.3");
            assertEquals(429, RawWebSocket.connectFrom("127.0.0.3", server.port()).status());
        }
    }

    @Test
    void aUserHasAtMostMaxConnectionsPerUserThenAuthIsRefusedAndClosedWith4029() throws Exception {
        try (TestServer server = TestServer.start(TestServer.caps(100, 100, List.of(), 2), TestServer.shows(30_000))) {
            WsClient first = keep(server.user("alice", Role.VIEWER));
            keep(server.user("alice", Role.VIEWER));
            WsClient third = keep(server.connect());
            third.send("{\"type\":\"auth\",\"id\":\"a3\",\"token\":\"" + server.token("alice", Role.VIEWER) + "\"}");
            JsonNode refused = third.expectError("rate_limited");
            assertEquals("a3", refused.path("id").asText());
            assertEquals(4029, third.awaitClose());
            assertEquals(1.0, server.meter("livestage.connections.refused", "cap", "user"));
            keep(server.user("bob", Role.VIEWER)).assertAlive();
            first.assertAlive();

            first.close();
            long deadline = System.currentTimeMillis() + 5000;
            while (true) {
                WsClient again = keep(server.connect());
                again.send("{\"type\":\"auth\",\"id\":\"again\",\"token\":\"" + server.token("alice", Role.VIEWER) + "\"}");
                if ("welcome".equals(again.next().path("type").asText())) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("the closed connection never gave its place back");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Each connection may send 99 more requests after its auth, but the user only 150 in all: three
     * connections sending 60 pings each get 150 pongs between them, not 180. Refill is negligible.
     */
    @Test
    void aUsersConnectionsShareOneRequestBudget() {
        try (TestServer server = TestServer.start(TestServer.budgets(0.001, 100, 0.001, 150), TestServer.shows(30_000))) {
            List<WsClient> alice = List.of(keep(server.user("alice", Role.VIEWER)), keep(server.user("alice", Role.VIEWER)),
                    keep(server.user("alice", Role.VIEWER)));
            int pongs = 0;
            int limited = 0;
            for (WsClient connection : alice) {
                for (int i = 0; i < 60; i++) {
                    connection.send("{\"type\":\"ping\",\"id\":" + i + "}");
                }
                for (int i = 0; i < 60; i++) {
                    JsonNode reply = connection.next();
                    assertEquals(i, reply.path("id").asInt(), reply.toString());
                    if ("pong".equals(reply.path("type").asText())) {
                        pongs++;
                    } else {
                        assertEquals("rate_limited", reply.path("code").asText(), reply.toString());
                        limited++;
                    }
                }
            }
            assertEquals(150, pongs, "the user's budget over all connections");
            assertEquals(30, limited);
            alice.get(0).send("{\"type\":\"ping\",\"id\":\"still\"}");
            assertEquals("rate_limited", alice.get(0).next().path("code").asText(), "the connection is open, its user out of budget");

            WsClient bob = keep(server.user("bob", Role.VIEWER));
            for (int i = 0; i < 60; i++) {
                bob.send("{\"type\":\"ping\",\"id\":" + i + "}");
            }
            for (int i = 0; i < 60; i++) {
                assertEquals("pong", bob.next().path("type").asText(), "another user's budget is untouched");
            }
        }
    }

    private RawWebSocket admitted(TestServer server, String address) throws IOException {
        RawWebSocket.Upgrade upgrade = RawWebSocket.connectFrom(address, server.port());
        assertEquals(101, upgrade.status(), "the upgrade from " + address);
        return keep(upgrade.socket());
    }

    /** A connection's place is given back when the server has seen it close, a moment after the client closed. */
    private void awaitAdmitted(TestServer server, String address) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        RawWebSocket.Upgrade upgrade;
        while ((upgrade = RawWebSocket.connectFrom(address, server.port())).status() != 101) {
            if (System.currentTimeMillis() > deadline) {
                fail("no place given back to " + address + " within 5 s (last answer " + upgrade.status() + ")");
            }
            Thread.sleep(50);
        }
        assertNotNull(keep(upgrade.socket()));
    }

    private <T extends AutoCloseable> T keep(T connection) {
        open.add(connection);
        return connection;
    }
}
