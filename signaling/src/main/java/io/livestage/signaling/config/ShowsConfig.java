package io.livestage.signaling.config;

/**
 * Live-show behaviour.
 *
 * @param hostGraceMs    how long a show waits for a host whose connection dropped
 * @param viewerUpdateMs minimum interval between {@code room.viewers} events of one room
 * @param maxTitleChars  longest show title, in characters
 */
public record ShowsConfig(long hostGraceMs, long viewerUpdateMs, int maxTitleChars) {
    public ShowsConfig {
        Checks.positive(hostGraceMs, "shows.hostGraceMs");
        Checks.positive(viewerUpdateMs, "shows.viewerUpdateMs");
        Checks.range(maxTitleChars, 1, 1000, "shows.maxTitleChars");
    }
}
