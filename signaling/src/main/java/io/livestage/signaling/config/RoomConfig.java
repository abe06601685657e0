package io.livestage.signaling.config;

import java.util.List;
import java.util.Locale;

/**
 * How a live show's room is moderated and reacts.
 *
 * @param bannedWords        words refused in every show's chat (case-insensitive, whole words); each host may add
 *                           more to their own show with {@code room.settings}
 * @param maxShowBannedWords most extra words one show may add
 * @param maxSlowModeSeconds longest slow mode a host may set
 * @param likesPerSecond     sustained likes (free hearts) per user
 * @param likeBurst          likes a user may send at once
 * @param likesUpdateMs      a room's likes are summed into one {@code likes} event per interval
 * @param membersPageSize    most members one {@code room.members} page holds
 */
public record RoomConfig(List<String> bannedWords, int maxShowBannedWords, int maxSlowModeSeconds,
                         double likesPerSecond, int likeBurst, long likesUpdateMs, int membersPageSize) {
    public RoomConfig {
        bannedWords = bannedWords == null ? List.of()
                : bannedWords.stream().map(word -> word == null ? "" : word.strip().toLowerCase(Locale.ROOT))
                        .filter(word -> !word.isEmpty()).distinct().toList();
        Checks.range(maxShowBannedWords, 0, 1000, "room.maxShowBannedWords");
        Checks.range(maxSlowModeSeconds, 0, 3600, "room.maxSlowModeSeconds");
        Checks.positive(likesPerSecond, "room.likesPerSecond");
        Checks.positive(likeBurst, "room.likeBurst");
        Checks.range(likesUpdateMs, 50, 60_000, "room.likesUpdateMs");
        Checks.range(membersPageSize, 1, 1000, "room.membersPageSize");
    }

    /** The defaults of config/livestage.yaml. */
    public static RoomConfig defaults() {
        return new RoomConfig(List.of(), 50, 300, 10, 30, 500, 100);
    }
}
