package io.livestage.loadtest.gifts;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every connection of a run; updated on the event loops, read by the progress line. */
final class GiftCounters {

    final LongAdder joined = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder joinFailures = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    /** Sends the server refused with {@code unavailable} (its room or node was full), before charging. */
    final LongAdder busy = new LongAdder();
    /** First sightings of a txId by a member. */
    final LongAdder delivered = new LongAdder();
    /** A member saw a txId it had seen before. */
    final LongAdder duplicates = new LongAdder();
    /** A member got a gift event of a room it is not in. */
    final LongAdder misrouted = new LongAdder();
    /** Members (host, viewers, senders) that joined each room. */
    final AtomicIntegerArray membersPerRoom;

    GiftCounters(int rooms) {
        membersPerRoom = new AtomicIntegerArray(rooms);
    }

    long failedMembers() {
        return connectFailures.sum() + authFailures.sum() + joinFailures.sum();
    }

    int[] membersPerRoom() {
        int[] members = new int[membersPerRoom.length()];
        for (int room = 0; room < members.length; room++) {
            members[room] = membersPerRoom.get(room);
        }
        return members;
    }

    /** The counts for the progress line. */
    String progress() {
        return String.format("joined %d  failed %d  dropped %d | gifts sent %d  accepted %d  busy %d  refused %d"
                        + " | delivered %d  duplicates %d", joined.sum(), failedMembers(), dropped.sum(), sent.sum(),
                accepted.sum(), busy.sum(), refused.sum(), delivered.sum(), duplicates.sum());
    }
}
