package io.livestage.signaling.session;

/** A room whose members exchange media through the SFU: a live show or a paid call. */
public interface MediaRoom extends Room {
    /** Whether the user may publish in the room; safe from any thread. */
    boolean mayPublish(String userId);

    /** Whether the session is a member now; safe from any thread. */
    boolean hasMember(Session session);

    /** A publisher's media started or stopped flowing: the room tells its members. */
    void publisherChanged(String userId, boolean live);
}
