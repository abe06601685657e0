package io.livestage.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    @Test
    void hmacSha256MatchesRfc4231() {
        // RFC 4231, test case 2.
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.hmacHex("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void theHeaderSignsTheTimeAndTheBody() {
        // Computed with `printf '%s' '1764943200.{"id":"d-1","type":"gift.sent"}' | openssl dgst -sha256 -hmac ...`.
        assertEquals("t=1764943200,v1=a8d38b13f5edec3479c8d6139b8b1e4db1d9622e8d12e020d8d3bf8ebfa931b5",
                WebhookSignature.header("livestage-webhook-secret", 1764943200L, "{\"id\":\"d-1\",\"type\":\"gift.sent\"}"));
        assertNotEquals(WebhookSignature.header("livestage-webhook-secret", 1764943200L, "{}"),
                WebhookSignature.header("livestage-webhook-secret", 1764943201L, "{}"), "another time, another signature");
    }
}
