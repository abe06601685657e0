package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Coins for a test user through the dev endpoint {@code POST /dev/credit}, as a coin purchase would add them. */
final class DevCredit {
    private DevCredit() {
    }

    static void credit(int httpPort, String userId, long coins) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/dev/credit"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\":\"" + userId + "\",\"coins\":" + coins + "}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "POST /dev/credit answered " + response.body());
    }
}
