package io.livestage.gifts.memory;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftBridgeContract;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

class InMemoryGiftBridgeTest extends GiftBridgeContract {
    @Override
    protected GiftBridge open(MeterRegistry registry) {
        return GiftBridge.inMemory(Gifts.CATALOG, Gifts.SETTINGS, registry);
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return ((MemoryGiftStore) bridge.store()).ledger();
    }
}
