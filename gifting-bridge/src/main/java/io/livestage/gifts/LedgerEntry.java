package io.livestage.gifts;

/**
 * One movement of coins as recorded for settlement. {@code kind} is {@code gift} (from a sender's balance to
 * a recipient's earnings), {@code credit} (a purchase into {@code to}'s balance; {@code from}, room and gift
 * empty), {@code call_minute} (one started minute of call {@code callId} from the caller's balance to the
 * consultant's earnings; {@code minute} counts from 0, gift empty, count 1) or {@code reversal} (a gift or call
 * minute given back: from the original recipient's earnings to the original payer's balance, with the original's
 * room, gift, count, call and minute; {@code reverses} is the original's txId, empty for every other kind).
 */
public record LedgerEntry(String txId, String kind, String from, String to, String roomId, String giftId,
                          int count, long amount, long time, String callId, int minute, String reverses) {
    public static final String GIFT = "gift";
    public static final String CREDIT = "credit";
    public static final String CALL_MINUTE = "call_minute";
    public static final String REVERSAL = "reversal";

    /** An entry that reverses nothing. */
    public LedgerEntry(String txId, String kind, String from, String to, String roomId, String giftId, int count,
                       long amount, long time, String callId, int minute) {
        this(txId, kind, from, to, roomId, giftId, count, amount, time, callId, minute, "");
    }

    /** An entry that belongs to no call. */
    public static LedgerEntry of(String txId, String kind, String from, String to, String roomId, String giftId,
                                 int count, long amount, long time) {
        return new LedgerEntry(txId, kind, from, to, roomId, giftId, count, amount, time, "", -1);
    }
}
