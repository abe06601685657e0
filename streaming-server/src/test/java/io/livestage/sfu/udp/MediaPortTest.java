package io.livestage.sfu.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.transport.TransportRegistry;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaPortTest {
    private final EventLoopGroup loops = MediaTransport.group(2, "media-port-test");
    private final TransportRegistry transports = new TransportRegistry();
    private final SfuMetrics metrics = new SfuMetrics(transports::count);

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void oneSocketPerLoopOnOnePort() {
        try (MediaPort port = new MediaPort(loops, 2, "127.0.0.1", 0, transports, metrics)) {
            assertTrue(port.port() > 0);
            assertTrue(port.bound());
            assertEquals(MediaTransport.epoll() ? 2 : 1, port.loops().size());
        }
    }

    @Test
    void aSecondServerCannotShareThePort() {
        int taken;
        try (MediaPort first = new MediaPort(loops, 2, "127.0.0.1", 0, transports, metrics)) {
            taken = first.port();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new MediaPort(loops, 2, "127.0.0.1", first.port(), transports, metrics));
            assertTrue(refused.getMessage().contains("already in use"), refused.getMessage());
        }
        try (MediaPort again = new MediaPort(loops, 2, "127.0.0.1", taken, transports, metrics)) {
            assertEquals(taken, again.port(), "the port is free again once the first server closed");
        }
    }
}
