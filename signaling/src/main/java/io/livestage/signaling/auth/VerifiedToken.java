package io.livestage.signaling.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * A token that passed every check: who it names, and for how long.
 *
 * @param expiresAt the token's {@code exp}
 * @param validFor  from the moment of verification until this server stops accepting the token
 *                  ({@code exp} plus the tolerated clock skew): how long a connection may run on it
 */
public record VerifiedToken(Identity identity, Instant expiresAt, Duration validFor) {
}
