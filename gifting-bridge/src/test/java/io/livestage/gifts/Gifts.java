package io.livestage.gifts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Fixtures shared by the gift tests. */
public final class Gifts {
    public static final GiftCatalog CATALOG = new GiftCatalog(List.of(
            new GiftDefinition("rose", "Rose", 1, new Animation("/gifts/rose.webm", 1500, "small")),
            new GiftDefinition("heart", "Heart", 5, new Animation("/gifts/heart.webm", 2000, "medium")),
            new GiftDefinition("rocket", "Rocket", 100, new Animation("/gifts/rocket.webm", 4000, "large"))));
    public static final long COMBO_WINDOW_MS = 400;
    public static final GiftSettings SETTINGS = new GiftSettings(COMBO_WINDOW_MS, 99, Duration.ofSeconds(1));

    private Gifts() {
    }

    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reason a stage failed with, or null when it succeeded. */
    public static GiftException.Reason failure(CompletionStage<?> stage) {
        try {
            await(stage);
            return null;
        } catch (GiftException e) {
            return e.reason();
        }
    }
}
