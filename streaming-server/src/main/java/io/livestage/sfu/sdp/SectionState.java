package io.livestage.sfu.sdp;

/** What an m-section of a subscriber's offer does on the shared transport. */
public enum SectionState {
    /** We forward a track in it: {@code a=sendonly}, bundled. */
    SENDING,
    /**
     * Bundled with port 9 but {@code a=inactive}: the transport anchor, kept when its track is
     * gone (or the placeholder of a room without publishers) so the BUNDLE tag never moves.
     */
    INACTIVE,
    /** Closed for good: port 0, outside the BUNDLE group; its mid is never used again. */
    CLOSED
}
