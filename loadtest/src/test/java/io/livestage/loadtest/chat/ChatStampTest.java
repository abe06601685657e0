package io.livestage.loadtest.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChatStampTest {

    @Test
    void sendTimeSurvivesTheRoundTrip() {
        assertEquals(-123_456_789L, ChatStamp.sentNanos(ChatStamp.text(7, -123_456_789L)));
        assertEquals(98_765L, ChatStamp.sentNanos(ChatStamp.text(1, 98_765L)));
        assertEquals(42, ChatStamp.sequence(ChatStamp.text(42, 98_765L)));
    }

    @Test
    void otherTextIsNotOurs() {
        assertEquals(-1, ChatStamp.sentNanos("hello everyone"));
        assertEquals(-1, ChatStamp.sentNanos("loadtest 3 soon"));
        assertEquals(-1, ChatStamp.sentNanos(null));
        assertEquals(-1, ChatStamp.sequence("loadtest x 5"));
        assertEquals(-1, ChatStamp.sequence("loadtest 5"));
    }
}
