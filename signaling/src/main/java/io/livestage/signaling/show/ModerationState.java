package io.livestage.signaling.show;

import io.livestage.signaling.protocol.ServerMessage;
import java.util.List;
import java.util.Set;

/**
 * What a show's moderation holds in memory, as it moves with the show to another node (its node drains, or died
 * and its host came back through another): the moderators the host named, who is muted, who was put out (removed
 * or banned during the show), slow mode, the show's own banned words and the pinned message. Bans of the host's
 * later shows are in the moderation store already. Not carried: when each viewer last chatted (a slow-mode wait
 * starts afresh on the new node) and the recent messages a report may name.
 *
 * @param pinned the pinned message, or null
 */
public record ModerationState(Set<String> moderators, Set<String> muted, Set<String> putOut, int slowModeSeconds,
                              List<String> showWords, ServerMessage.Pinned pinned) {

    /** A show nobody has moderated yet, and what a record from a node that did not carry moderation reads as. */
    public static final ModerationState NONE = new ModerationState(Set.of(), Set.of(), Set.of(), 0, List.of(), null);

    public ModerationState {
        moderators = moderators == null ? Set.of() : Set.copyOf(moderators);
        muted = muted == null ? Set.of() : Set.copyOf(muted);
        putOut = putOut == null ? Set.of() : Set.copyOf(putOut);
        showWords = showWords == null ? List.of() : List.copyOf(showWords);
        if (slowModeSeconds < 0) {
            throw new IllegalArgumentException("negative slow mode: " + slowModeSeconds);
        }
    }
}
