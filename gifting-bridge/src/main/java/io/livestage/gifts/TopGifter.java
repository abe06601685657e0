package io.livestage.gifts;

/** One line of a show's leaderboard: coins a viewer spent on gifts in that show. */
public record TopGifter(String userId, String name, long amount) {
}
