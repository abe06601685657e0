package io.livestage.signaling.show;

import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.moderation.BannedWords;
import io.livestage.signaling.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One show's moderation state: who moderates, who is muted or put out, slow mode, the show's own
 * banned words, the pinned message and the recent messages a report may name. Touched only on the
 * show's executor, so it needs no locks. It lives and dies with the show, and moves with it to another node
 * ({@link ModerationState}); bans of future shows are the {@link io.livestage.signaling.moderation.ModerationStore}'s.
 */
final class ShowModeration {
    static final String HOST = "host";
    static final String MODERATOR = "moderator";
    static final String VIEWER = "viewer";
    /** Messages a report can still name: a viewer reports what is on their screen, not last hour's chat. */
    private static final int RECENT_MESSAGES = 200;

    private final RoomConfig config;
    private final String hostId;
    private final Set<String> moderators = new HashSet<>();
    private final Set<String> muted = new HashSet<>();
    /** Removed or banned during this show: they cannot come back into it. */
    private final Set<String> putOut = new HashSet<>();
    private final Map<String, Long> lastChatNanos = new HashMap<>();
    private final Deque<ServerMessage.Chat> recent = new ArrayDeque<>();
    private List<String> showWords = List.of();
    private int slowModeSeconds;
    private ServerMessage.Pinned pinned;
    private long nextMessage;

    ShowModeration(RoomConfig config, String hostId) {
        this.config = config;
        this.hostId = hostId;
    }

    String roleOf(String userId) {
        return hostId.equals(userId) ? HOST : moderators.contains(userId) ? MODERATOR : VIEWER;
    }

    /** The moderators the host named (not the host). */
    Set<String> moderators() {
        return Set.copyOf(moderators);
    }

    boolean moderates(String userId) {
        return !VIEWER.equals(roleOf(userId));
    }

    boolean isMuted(String userId) {
        return muted.contains(userId);
    }

    boolean isPutOut(String userId) {
        return putOut.contains(userId);
    }

    /**
     * Carries out a mute, unmute, promotion or demotion, or records a removal or ban for this show.
     * The caller checked the actor may.
     */
    void apply(String userId, String action) {
        switch (action) {
            case "mute" -> muted.add(userId);
            case "unmute" -> muted.remove(userId);
            case "promote" -> moderators.add(userId);
            case "demote" -> moderators.remove(userId);
            case "remove", "ban" -> {
                putOut.add(userId);
                moderators.remove(userId);
            }
            case "unban" -> putOut.remove(userId);
            default -> throw new IllegalArgumentException("unknown moderation action " + action);
        }
    }

    /**
     * How much longer the user must wait under slow mode, in milliseconds (0: may send now). Host and
     * moderators are not slowed.
     */
    long slowModeWaitMs(String userId, long nowNanos) {
        if (slowModeSeconds == 0 || moderates(userId)) {
            return 0;
        }
        Long last = lastChatNanos.get(userId);
        long waitNanos = last == null ? 0 : last + TimeUnit.SECONDS.toNanos(slowModeSeconds) - nowNanos;
        return waitNanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    }

    /** The banned word the text contains, or null. The host's own messages are not filtered. */
    String bannedWordIn(String userId, String text) {
        return HOST.equals(roleOf(userId)) ? null : BannedWords.find(text, config.bannedWords(), showWords);
    }

    /** The id of the next message, unique within the show. */
    String nextMessageId() {
        return "m" + (++nextMessage);
    }

    /** Records a delivered message: for slow mode, and for reports naming its id. */
    void delivered(String userId, long nowNanos, ServerMessage.Chat message) {
        lastChatNanos.put(userId, nowNanos);
        if (recent.size() == RECENT_MESSAGES) {
            recent.removeFirst();
        }
        recent.addLast(message);
    }

    /** A recent message by its id, or null once it is too old or was never sent. */
    ServerMessage.Chat recentMessage(String msgId) {
        for (ServerMessage.Chat chat : recent) {
            if (chat.msgId().equals(msgId)) {
                return chat;
            }
        }
        return null;
    }

    int slowModeSeconds() {
        return slowModeSeconds;
    }

    void slowModeSeconds(int seconds) {
        if (seconds > config.maxSlowModeSeconds()) {
            throw new IllegalArgumentException("slow mode of " + seconds + " s is over room.maxSlowModeSeconds ("
                    + config.maxSlowModeSeconds() + ")");
        }
        slowModeSeconds = seconds;
        if (seconds == 0) {
            lastChatNanos.clear();
        }
    }

    List<String> showWords() {
        return showWords;
    }

    void showWords(List<String> words) {
        List<String> normalized = words.stream().map(BannedWords::normalize).filter(w -> !w.isEmpty()).distinct().toList();
        if (normalized.size() > config.maxShowBannedWords()) {
            throw new IllegalArgumentException("a show may ban at most " + config.maxShowBannedWords() + " words of its own");
        }
        showWords = normalized;
    }

    /** What moves with the show to another node. */
    ModerationState state() {
        return new ModerationState(moderators, muted, putOut, slowModeSeconds, showWords, pinned);
    }

    /**
     * Takes on what the show's moderation was on the node it moved from. Slow mode stays within this node's
     * {@code room.maxSlowModeSeconds}; the words are taken as that node normalized them.
     */
    void restore(ModerationState state) {
        moderators.addAll(state.moderators());
        moderators.remove(hostId);
        muted.addAll(state.muted());
        putOut.addAll(state.putOut());
        slowModeSeconds = Math.min(state.slowModeSeconds(), config.maxSlowModeSeconds());
        showWords = state.showWords();
        pinned = state.pinned();
    }

    ServerMessage.Pinned pinned() {
        return pinned;
    }

    void pinned(ServerMessage.Pinned message) {
        pinned = message;
    }
}
