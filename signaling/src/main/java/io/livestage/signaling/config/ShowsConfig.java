package io.livestage.signaling.config;

/**
 * Live-show behaviour.
 *
 * @param hostGraceMs    how long a show waits for a host whose connection dropped
 * @param viewerUpdateMs minimum interval between {@code room.viewers} events of one room
 * @param maxTitleChars  longest show title, in characters
 * @param leaderboardUpdateMs minimum interval between {@code leaderboard} events of one room
 */
public record ShowsConfig(long hostGraceMs, long viewerUpdateMs, int maxTitleChars, long leaderboardUpdateMs) {
    public ShowsConfig {
        Checks.positive(hostGraceMs, "shows.hostGraceMs");
        Checks.positive(viewerUpdateMs, "shows.viewerUpdateMs");
        Checks.positive(leaderboardUpdateMs, "shows.leaderboardUpdateMs");
        Checks.range(maxTitleChars, 1, 1000, "shows.maxTitleChars");
    }
}
