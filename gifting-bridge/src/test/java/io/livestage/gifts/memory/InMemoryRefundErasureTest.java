package io.livestage.gifts.memory;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.livestage.gifts.RefundErasureContract;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

class InMemoryRefundErasureTest extends RefundErasureContract {
    @Override
    protected GiftBridge open(MeterRegistry registry) {
        return GiftBridge.inMemory(Gifts.CATALOG, Gifts.SETTINGS, registry);
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return ((MemoryGiftStore) bridge.store()).ledger();
    }

    @Override
    protected String ledgerIdOf(String txId) {
        return ((MemoryGiftStore) bridge.store()).ledgerIdOf(txId);
    }
}
