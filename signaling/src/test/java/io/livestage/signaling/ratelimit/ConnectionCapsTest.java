package io.livestage.signaling.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.signaling.config.LimitsConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionCapsTest {
    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("192.0.2.2");
    private static final InetAddress PROXY = address("10.0.0.1");

    @Test
    void countsPerAddressAndGivesPlacesBack() {
        ConnectionCaps caps = new ConnectionCaps(limits(10, 2, List.of(), 3));
        assertNull(caps.admit(A));
        assertNull(caps.admit(A));
        assertEquals(ConnectionCaps.Refusal.ADDRESS_FULL, caps.admit(A));
        assertNull(caps.admit(B));
        caps.release(A);
        assertNull(caps.admit(A));
    }

    @Test
    void theNodeCapCountsEveryAddressAndARefusalTakesNoPlace() {
        ConnectionCaps caps = new ConnectionCaps(limits(4, 2, List.of("10.0.0.1"), 3));
        assertNull(caps.admit(A));
        assertNull(caps.admit(A));
        assertEquals(ConnectionCaps.Refusal.ADDRESS_FULL, caps.admit(A));
        assertNull(caps.admit(PROXY));
        assertNull(caps.admit(PROXY));
        assertEquals(ConnectionCaps.Refusal.NODE_FULL, caps.admit(PROXY), "exempt addresses count toward the node");
        assertEquals(ConnectionCaps.Refusal.NODE_FULL, caps.admit(B));
        caps.release(PROXY);
        assertNull(caps.admit(B), "the refusals did not keep places");
    }

    @Test
    void exemptAddressesAreNotCappedPerAddress() {
        ConnectionCaps caps = new ConnectionCaps(limits(100, 1, List.of("10.0.0.1"), 3));
        for (int i = 0; i < 50; i++) {
            assertNull(caps.admit(PROXY));
        }
    }

    @Test
    void countsPerUser() {
        ConnectionCaps caps = new ConnectionCaps(limits(100, 100, List.of(), 2));
        assertTrue(caps.admitUser("u"));
        assertTrue(caps.admitUser("u"));
        assertFalse(caps.admitUser("u"));
        assertTrue(caps.admitUser("v"));
        caps.releaseUser("u");
        assertTrue(caps.admitUser("u"));
    }

    /** Connections of one address arriving on several event loops at once never pass the cap together. */
    @Test
    void concurrentAdmissionsNeverExceedTheCaps() throws InterruptedException {
        ConnectionCaps caps = new ConnectionCaps(limits(1000, 25, List.of(), 25));
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger users = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100; i++) {
                    if (caps.admit(A) == null) {
                        admitted.incrementAndGet();
                    }
                    if (caps.admitUser("u")) {
                        users.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(25, admitted.get());
        assertEquals(25, users.get());
    }

    @Test
    void exemptAddressesMustBeIpLiterals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> limits(10, 2, List.of("proxy.example.com"), 3));
        assertTrue(e.getMessage().contains("limits.perIpExemptAddresses"), e.getMessage());
    }

    private static LimitsConfig limits(int maxConnections, int maxPerIp, List<String> exempt, int maxPerUser) {
        return new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8, 100, 200, maxConnections, maxPerIp, exempt,
                maxPerUser);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
