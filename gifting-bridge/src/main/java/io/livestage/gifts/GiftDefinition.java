package io.livestage.gifts;

import java.util.Objects;

/** One gift of the catalog; {@code price} is in coins per unit. */
public record GiftDefinition(String giftId, String name, long price, Animation animation) {
    public GiftDefinition {
        if (giftId == null || giftId.isBlank()) {
            throw new IllegalArgumentException("giftId must not be blank");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(animation, "animation");
        if (price <= 0) {
            throw new IllegalArgumentException("price of " + giftId + " must be positive: " + price);
        }
    }
}
