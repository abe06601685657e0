package io.livestage.signaling.show;

/**
 * What another node needs to carry on a show whose node drains or died: which node runs it, its title, its host,
 * how long and how liked it has been, and its moderation as it stands ({@link ModerationState}; bans of the
 * host's later shows live in Redis by themselves).
 */
public record ShowRecord(String roomId, String node, String title, String hostId, String hostName, boolean hostAdult,
                         long startedMillis, long likes, ModerationState moderation) {

    public ShowRecord {
        moderation = moderation == null ? ModerationState.NONE : moderation;
    }

    /** The same show, run by {@code runner}. */
    public ShowRecord runBy(String runner) {
        return new ShowRecord(roomId, runner, title, hostId, hostName, hostAdult, startedMillis, likes, moderation);
    }
}
