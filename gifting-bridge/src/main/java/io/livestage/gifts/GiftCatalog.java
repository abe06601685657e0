package io.livestage.gifts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The gifts on offer, in the order clients show them. */
public record GiftCatalog(List<GiftDefinition> gifts) {
    public GiftCatalog {
        gifts = List.copyOf(gifts);
        Map<String, GiftDefinition> seen = new LinkedHashMap<>();
        for (GiftDefinition gift : gifts) {
            if (seen.put(gift.giftId(), gift) != null) {
                throw new IllegalArgumentException("duplicate giftId in catalog: " + gift.giftId());
            }
        }
    }

    public Optional<GiftDefinition> find(String giftId) {
        // A linear scan: catalogs hold tens of gifts and this keeps the record a plain value.
        for (GiftDefinition gift : gifts) {
            if (gift.giftId().equals(giftId)) {
                return Optional.of(gift);
            }
        }
        return Optional.empty();
    }
}
