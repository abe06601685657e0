package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class IceCredentialsTest {

    @Test
    void randomCredentialsAreLongEnoughIceCharsAndDistinct() {
        SecureRandom random = new SecureRandom();
        IceCredentials a = IceCredentials.random(random);
        IceCredentials b = IceCredentials.random(random);
        assertTrue(a.ufrag().length() >= IceCredentials.MIN_UFRAG_LENGTH);
        assertTrue(a.pwd().length() >= IceCredentials.MIN_PWD_LENGTH);
        assertTrue(a.ufrag().matches("[A-Za-z0-9+/]+"));
        assertTrue(a.pwd().matches("[A-Za-z0-9+/]+"));
        assertNotEquals(a.ufrag(), b.ufrag());
        assertNotEquals(a.pwd(), b.pwd());
    }

    @Test
    void rejectsShortOrNonIceCharValues() {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", "x".repeat(22)));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "x".repeat(21)));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab:d", "x".repeat(22)));
        assertEquals("abcd", new IceCredentials("abcd", "x".repeat(22)).ufrag());
    }

    @Test
    void toStringNeverShowsThePassword() {
        IceCredentials credentials = new IceCredentials("abcd", "secretsecretsecretsecret");
        assertFalse(credentials.toString().contains("secret"));
    }
}
