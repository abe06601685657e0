package io.livestage.server.gifts;

import java.util.Map;

/** Gifts on a single node without Redis: the dev default. */
class InMemoryGiftFlowTest extends GiftFlowContract {
    @Override
    protected Map<String, String> bridge() {
        return Map.of();
    }
}
