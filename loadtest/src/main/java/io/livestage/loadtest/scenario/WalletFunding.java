package io.livestage.loadtest.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Credits the senders' wallets as the platform does after a coin purchase: {@code POST /api/wallet/credit}. */
public final class WalletFunding {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI creditUrl;
    private final String serviceKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public WalletFunding(URI creditUrl, String serviceKey) {
        this.creditUrl = creditUrl;
        this.serviceKey = serviceKey;
    }

    /**
     * Credits {@code coins} to each user, all at once; purchase ids derive from the user ids, which are unique
     * per run. Returns the number of wallets credited; each failure goes into {@code failures}.
     */
    public int credit(List<String> userIds, long coins, FailureLog failures) throws InterruptedException {
        List<CompletableFuture<Boolean>> credits = new ArrayList<>();
        for (String userId : userIds) {
            String body = JsonNodeFactory.instance.objectNode().put("userId", userId).put("coins", coins)
                    .put("purchaseId", userId + "-funding").toString();
            HttpRequest request = HttpRequest.newBuilder(creditUrl).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + serviceKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            credits.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                if (failure != null) {
                    failures.record("credit", failure);
                    return false;
                }
                if (response.statusCode() != 200 || !readsBalance(response.body())) {
                    failures.record("credit", "HTTP " + response.statusCode() + " " + response.body());
                    return false;
                }
                return true;
            }));
        }
        int credited = 0;
        for (CompletableFuture<Boolean> credit : credits) {
            try {
                credited += credit.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS) ? 1 : 0;
            } catch (ExecutionException | TimeoutException e) {
                failures.record("credit", e);
            }
        }
        return credited;
    }

    private static boolean readsBalance(String body) {
        try {
            return JSON.readTree(body).path("balance").canConvertToLong();
        } catch (IOException e) {
            return false;
        }
    }
}
