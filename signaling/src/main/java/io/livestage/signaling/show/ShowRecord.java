package io.livestage.signaling.show;

/**
 * What another node needs to carry on a show whose node drains or died: which node runs it, its title, its host
 * and how long and how liked it has been. Moderation that lives in Redis (bans) carries over by itself; what a
 * show keeps in memory (mutes, who was put out, slow mode, banned words, the pin) does not.
 */
public record ShowRecord(String roomId, String node, String title, String hostId, String hostName, boolean hostAdult,
                         long startedMillis, long likes) {
}
