package io.livestage.gifts;

import io.livestage.gifts.GiftException.Reason;

/** The checks every store makes before touching a wallet, so both implementations refuse alike. */
public final class OrderRules {
    /** Bounds ids and keys so a client cannot make us store arbitrarily large keys. */
    public static final int MAX_ID_LENGTH = 128;

    private final GiftCatalog catalog;
    private final GiftSettings settings;

    public OrderRules(GiftCatalog catalog, GiftSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    /** The gift ordered, or a {@link GiftException} naming what is wrong with the order. */
    public GiftDefinition check(GiftOrder order) {
        if (order == null) {
            throw new GiftException(Reason.BAD_REQUEST, "missing order");
        }
        id("roomId", order.roomId());
        id("senderId", order.senderId());
        id("recipientId", order.recipientId());
        id("giftId", order.giftId());
        id("key", order.key());
        if (order.senderName() == null || order.senderName().length() > MAX_ID_LENGTH) {
            throw new GiftException(Reason.BAD_REQUEST, "senderName missing or longer than " + MAX_ID_LENGTH);
        }
        GiftDefinition gift = catalog.find(order.giftId())
                .orElseThrow(() -> new GiftException(Reason.UNKNOWN_GIFT, "unknown gift " + order.giftId()));
        if (order.count() < 1 || order.count() > settings.maxCount()) {
            throw new GiftException(Reason.BAD_COUNT, "count must be 1.." + settings.maxCount());
        }
        if (order.senderId().equals(order.recipientId())) {
            throw new GiftException(Reason.SELF_GIFT, "cannot send a gift to yourself");
        }
        return gift;
    }

    /** Coins the order costs. */
    public static long amount(GiftDefinition gift, GiftOrder order) {
        try {
            return Math.multiplyExact(gift.price(), order.count());
        } catch (ArithmeticException e) {
            throw new GiftException(Reason.BAD_COUNT, "amount out of range");
        }
    }

    public static void checkCredit(String userId, long coins, String purchaseId) {
        id("userId", userId);
        id("purchaseId", purchaseId);
        if (coins <= 0) {
            throw new GiftException(Reason.BAD_REQUEST, "coins must be positive");
        }
    }

    public static void id(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw new GiftException(Reason.BAD_REQUEST, what + " must be 1.." + MAX_ID_LENGTH + " characters");
        }
    }
}
