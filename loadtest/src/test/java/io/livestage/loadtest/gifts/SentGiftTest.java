package io.livestage.loadtest.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

class SentGiftTest {

    private final Recorder latency = new Recorder(3);
    private final GiftBook book = new GiftBook(latency);

    @Test
    void aDeliveryBeforeTheSendersReplyIsTimedOnceTheReplyComes() {
        SentGift gift = book.gift("tx-1");
        gift.delivered(5_000_000, latency);
        assertFalse(gift.isAccepted());
        assertEquals(0, latency.getIntervalHistogram().getTotalCount());

        book.accepted("tx-1", 0, 1_000_000, true);
        gift.delivered(9_000_000, latency);
        Histogram micros = latency.getIntervalHistogram();
        assertEquals(2, micros.getTotalCount());
        assertEquals(4_000, micros.getMinValue());
        assertEquals(8_000, micros.getMaxValue(), 8);
    }

    @Test
    void warmUpGiftsCountButAreNotTimed() {
        book.gift("tx-w").delivered(2_000_000, latency);
        book.accepted("tx-w", 0, 1_000_000, false);
        book.gift("tx-w").delivered(3_000_000, latency);
        assertEquals(0, latency.getIntervalHistogram().getTotalCount());
        assertEquals(2, book.gift("tx-w").deliveries());
    }

    @Test
    void theTallyComparesEachGiftWithTheMembersOfItsRoom() {
        book.accepted("a", 0, 0, true);
        book.accepted("b", 1, 0, true);
        for (int member = 0; member < 3; member++) {
            book.gift("a").delivered(1_000, latency);
        }
        book.gift("b").delivered(1_000, latency);
        book.gift("never-replied").delivered(1_000, latency);

        GiftBook.Tally tally = book.tally(new int[] {3, 2});
        assertEquals(5, tally.expected());
        assertEquals(4, tally.received());
        assertEquals(1, tally.lost());
        assertEquals(1, tally.incompleteGifts());
        assertEquals(1, tally.unknownGifts());
        assertEquals(1, tally.unknownDeliveries());
        assertTrue(book.gift("a").index != book.gift("b").index);
    }
}
