package io.livestage.gifts.memory;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftStore;
import io.livestage.gifts.GiftStoreProperties;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class InMemoryGiftStorePropertiesTest extends GiftStoreProperties {
    private static GiftBridge bridge;

    @BeforeContainer
    static void open() {
        bridge = GiftBridge.inMemory(Gifts.CATALOG, SETTINGS, new SimpleMeterRegistry());
    }

    @AfterContainer
    static void close() {
        bridge.close();
    }

    @Override
    protected GiftStore store() {
        return bridge.store();
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return ((MemoryGiftStore) bridge.store()).ledger();
    }

    @Property(tries = 300)
    @Override
    protected void sequential(@ForAll("operations") List<Op> operations) {
        super.sequential(operations);
    }

    @Property(tries = 200)
    @Override
    protected void interleaved(@ForAll("operations") List<Op> operations, @ForAll("batchSizes") int batch) {
        super.interleaved(operations, batch);
    }
}
