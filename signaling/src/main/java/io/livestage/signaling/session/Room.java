package io.livestage.signaling.session;

/** Something a session can be a member of (a live show, later a call), told when it goes. */
public interface Room {
    String roomId();

    /** The member's connection closed; called from any thread. */
    void memberGone(Session session);

    /**
     * Whether a draining node may send the member away (a {@code reconnect} hint) without cutting them off: the
     * room goes on for them through another node. Any thread.
     */
    default boolean goesOnElsewhere(Session member) {
        return false;
    }
}
