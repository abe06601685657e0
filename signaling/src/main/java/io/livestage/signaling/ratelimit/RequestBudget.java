package io.livestage.signaling.ratelimit;

/**
 * What one connection may send: its own token bucket, and once it is signed in also its user's,
 * which every connection of that user shares, so opening more connections buys no more requests.
 * Used only on the connection's event loop.
 */
public final class RequestBudget {
    private final TokenBucket connection;
    private final UserRateLimiter users;
    private String userId;

    public RequestBudget(TokenBucket connection, UserRateLimiter users) {
        this.connection = connection;
        this.users = users;
    }

    /** Spends a token of the connection and, once signed in, one of its user; false when either is empty. */
    public boolean tryTake(long nowNanos) {
        return connection.tryTake(nowNanos) && (userId == null || users.tryAcquire(userId));
    }

    /** From now on the user's budget applies too. */
    public void signedIn(String userId) {
        this.userId = userId;
    }
}
