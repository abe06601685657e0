package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code media.maxSubscriptionsPerUser}: one user's subscriptions over all rooms and sessions are capped. */
class SfuSubscriptionQuotaTest {
    private final Sfu sfu = Sfu.start(new Sfu.SfuSettings(0, "127.0.0.1", List.of("127.0.0.1"), Duration.ofSeconds(30),
            Duration.ofSeconds(10), 0, Duration.ofSeconds(3), 2, 16), new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        sfu.close();
    }

    @Test
    void aUserHoldsAtMostItsSubscriptionsOverAllRoomsAndSessions() throws Exception {
        QuietSession phone = new QuietSession("phone", "u1");
        QuietSession laptop = new QuietSession("laptop", "u1");
        String first = subscribed(sfu.subscribe(phone, "r1"));
        assertEquals(MediaException.Reason.CONFLICT, refusal(sfu.subscribe(phone, "r1")).reason(),
                "a second subscription of the session in the room: refused before the quota is spent");
        subscribed(sfu.subscribe(laptop, "r1"));

        MediaException refused = refusal(sfu.subscribe(phone, "r2"));
        assertEquals(MediaException.Reason.RATE_LIMITED, refused.reason());
        assertTrue(refused.getMessage().contains("at most 2 media subscriptions per user"), refused.getMessage());
        subscribed(sfu.subscribe(new QuietSession("other", "u2"), "r2"));

        sfu.unsubscribe(phone, first);
        String again = subscribed(sfu.subscribe(phone, "r2"));
        assertEquals(MediaException.Reason.RATE_LIMITED, refusal(sfu.subscribe(phone, "r3")).reason());

        sfu.left(phone, "r2");
        assertNotNull(again);
        subscribed(sfu.subscribe(phone, "r3"));
        sfu.roomClosed("r1");
        subscribed(sfu.subscribe(laptop, "r4"));
        assertEquals(MediaException.Reason.RATE_LIMITED, refusal(sfu.subscribe(laptop, "r5")).reason(),
                "r3 and r4: two again");
    }

    private static String subscribed(CompletionStage<Sfu.SubscriptionOffer> offer) throws Exception {
        return offer.toCompletableFuture().get(5, TimeUnit.SECONDS).subscriptionId();
    }

    private static MediaException refusal(CompletionStage<Sfu.SubscriptionOffer> offer) {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> offer.toCompletableFuture().get(5, TimeUnit.SECONDS));
        return assertInstanceOf(MediaException.class, failed.getCause());
    }
}
