package io.livestage.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WsConfigTest {
    private final WsConfig listed = new WsConfig(List.of("https://App.Example.com", "http://localhost:3000"));

    @Test
    void anEmptyListAllowsEveryOrigin() {
        assertTrue(new WsConfig(List.of()).allows("https://anywhere.example", "live.example.com"));
        assertTrue(new WsConfig(null).allows("null", null));
    }

    @Test
    void listedOriginsMatchAsBrowsersSendThem() {
        assertEquals(List.of("https://app.example.com", "http://localhost:3000"), listed.allowedOrigins());
        assertTrue(listed.allows("https://app.example.com", "live.example.com"));
        assertTrue(listed.allows("https://APP.example.com", "live.example.com"));
        assertTrue(new WsConfig(List.of("https://app.example.com:443")).allows("https://app.example.com", "x"));
        assertTrue(listed.allows("http://localhost:3000", "live.example.com"));
    }

    @Test
    void otherOriginsAreRefused() {
        assertFalse(listed.allows("https://evil.example", "live.example.com"));
        assertFalse(listed.allows("http://app.example.com", "live.example.com"), "another scheme is another origin");
        assertFalse(listed.allows("https://app.example.com:8443", "live.example.com"), "another port too");
        assertFalse(listed.allows("https://app.example.com.evil.example", "live.example.com"));
        assertFalse(listed.allows("null", "live.example.com"), "sandboxed and file: pages");
        assertFalse(listed.allows("not an origin", "live.example.com"));
    }

    @Test
    void ourOwnPagesAndClientsThatAreNotBrowsersPass() {
        assertTrue(listed.allows("https://live.example.com", "live.example.com"), "the web client we serve");
        assertTrue(listed.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertFalse(listed.allows("http://127.0.0.1:9090", "127.0.0.1:8080"));
        assertTrue(listed.allows(null, "live.example.com"), "no Origin: an app or a script, which could send any");
    }

    @Test
    void entriesThatAreNotOriginsAreRefusedAtStart() {
        for (String bad : List.of("app.example.com", "https://app.example.com/", "https://app.example.com/path",
                "wss://app.example.com", "https://user@app.example.com", "https://app.example.com?x", "*", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WsConfig(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("ws.allowedOrigins: '" + bad + "' is not an origin"), e.getMessage());
        }
    }
}
