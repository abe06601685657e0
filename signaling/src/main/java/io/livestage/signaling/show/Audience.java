package io.livestage.signaling.show;

import io.livestage.signaling.session.Requester;
import io.livestage.signaling.session.Session;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who gets a room event: every member but the one it came from (who has its own reply), without those who
 * blocked its author, and, for moderation, only the users it concerns. The same rule is applied by the origin
 * to its own members and, carried with the event, by every edge node to theirs.
 *
 * @param except     the member the event came from, or null
 * @param blockersOf a user whose blockers do not get the event (a chat message's author), or null
 * @param onlyUsers  the only users who get it, or null for everyone
 */
record Audience(Requester except, String blockersOf, Set<String> onlyUsers) {
    static final Audience EVERYONE = new Audience(null, null, null);

    static Audience allBut(Requester except) {
        return new Audience(except, null, null);
    }

    /** The member of this node left out, if the event came from one. */
    Session localExcept() {
        return except instanceof Session session ? session : null;
    }

    /** Which of this node's members do not get it; null when all do. */
    Predicate<Session> localSkip() {
        return skip(blockersOf, onlyUsers);
    }

    static Predicate<Session> skip(String blockersOf, Set<String> onlyUsers) {
        if (blockersOf == null && onlyUsers == null) {
            return null;
        }
        return member -> (blockersOf != null && member.blocked().contains(blockersOf))
                || (onlyUsers != null && !onlyUsers.contains(member.identity().userId()));
    }
}
