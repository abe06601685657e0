package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
    private final SecurityHeaders headers = new SecurityHeaders(false,
            List.of("/gifts/rose.svg", "https://cdn.example.com/gifts/rocket.svg", "https://CDN.example.com/a.svg",
                    "http://media.example.org:8081/x.png", "data:image/png;base64,AAAA", "::not a url"));

    @Test
    void inlineScriptsAreHashedAsBrowsersDo() {
        // The hashes of these texts are the examples of the CSP documentation browsers follow.
        assertEquals(List.of("'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8='",
                        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"),
                StaticFiles.scriptHashes("<html><script src=\"page.js\"></script><SCRIPT>var inline = 1;</SCRIPT>"
                        + "<script type=\"module\">alert('Hello, world.');</script ></html>"));
        assertEquals(StaticFiles.scriptHashes("<script>a();\nb();</script>"),
                StaticFiles.scriptHashes("<script>a();\r\nb();</script>"), "the parser turns CRLF into LF first");
        assertEquals(List.of(), StaticFiles.scriptHashes("<script defer src='x.js'></script><p>no script</p>"));
    }

    @Test
    void pagesLoadOnlyWhatIsOursAndCannotBeFramed() {
        String policy = headers.pagePolicy(List.of("'sha256-abc='"), "live.example.com:8443");
        assertEquals("default-src 'self'; script-src 'self' 'sha256-abc='; style-src 'self';"
                + " img-src 'self' http://media.example.org:8081 https://cdn.example.com;"
                + " connect-src 'self' ws://live.example.com:8443 wss://live.example.com:8443;"
                + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'", policy);
    }

    @Test
    void aHostHeaderThatIsNotAHostStaysOutOfThePolicy() {
        for (String host : List.of("evil; script-src *", "a b", "x'y", "example.com:80/x", "")) {
            String policy = headers.pagePolicy(List.of(), host);
            assertTrue(policy.contains("connect-src 'self'; object-src"), host + " -> " + policy);
        }
        assertTrue(headers.pagePolicy(List.of(), "[::1]:8080").contains("ws://[::1]:8080 wss://[::1]:8080"));
        assertTrue(headers.pagePolicy(List.of(), null).contains("connect-src 'self'; "));
    }

    @Test
    void strictTransportSecurityOnlyWhenBrowsersComeOverHttps() {
        HttpHeaders plain = new DefaultHttpHeaders();
        headers.apply(plain);
        assertFalse(plain.contains("Strict-Transport-Security"));
        assertEquals(SecurityHeaders.NOT_A_PAGE, plain.get("Content-Security-Policy"));
        assertEquals("nosniff", plain.get("X-Content-Type-Options"));
        assertEquals("DENY", plain.get("X-Frame-Options"));
        assertEquals("no-referrer", plain.get("Referrer-Policy"));
        HttpHeaders secure = new DefaultHttpHeaders();
        new SecurityHeaders(true, List.of()).applyPage(secure, List.of(), "x");
        assertEquals("max-age=31536000", secure.get("Strict-Transport-Security"));
    }
}
