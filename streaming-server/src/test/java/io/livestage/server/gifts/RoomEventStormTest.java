package io.livestage.server.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.IntNode;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.EventsConfig;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.show.Show;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's events under a storm, with the real Redis gift store on 127.0.0.1:6379 (a key prefix of this
 * run's own): gifts sent from several threads at once, members on two event loops, some reading batches and
 * some not; every member gets every charged gift exactly once, all in the same order.
 */
class RoomEventStormTest {
    private RedisGiftRoom room;

    @BeforeEach
    void start() {
        room = new RedisGiftRoom(new EventsConfig(50, 2048, 4096, 64));
    }

    @AfterEach
    void stop() {
        room.close();
    }

    @Test
    void aStormOfGiftsReachesEveryMemberOnceInTheSameOrderOverEveryLoop() throws Exception {
        List<LocalMember> members = new ArrayList<>();
        try {
            LocalMember host = room.member("host", Role.CREATOR, true);
            members.add(host);
            Show show = room.shows.start(host.session, "storm");
            List<LocalMember> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LocalMember sender = room.member("sender" + i, Role.VIEWER, true);
                senders.add(sender);
                members.add(sender);
                room.join(show, sender);
                room.credit(sender.session.identity().userId(), 1000);
            }
            for (int i = 0; i < 24; i++) {
                // A third of the viewers read one frame per event, the rest one frame per tick.
                LocalMember viewer = room.member("viewer" + i, Role.VIEWER, i % 3 != 0);
                members.add(viewer);
                room.join(show, viewer);
            }
            int perSender = 100;
            List<Thread> threads = new ArrayList<>();
            for (LocalMember sender : senders) {
                Thread thread = new Thread(() -> {
                    for (int n = 0; n < perSender; n++) {
                        room.dispatcher.dispatch(sender.session, new ClientMessage.GiftSend(IntNode.valueOf(n),
                                show.roomId(), "rose", 1, sender.session.identity().userId() + "-" + n));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            int gifts = perSender * senders.size();
            List<String> order = null;
            for (LocalMember member : members) {
                List<String> seen = new ArrayList<>();
                for (int n = 0; n < gifts; n++) {
                    seen.add(member.next("gift").path("txId").asText());
                }
                assertEquals(List.of(), member.all("gift", order == null ? 300 : 0), "no gift twice");
                assertEquals(gifts, Set.copyOf(seen).size(), "every gift once");
                if (order == null) {
                    order = seen;
                } else {
                    assertEquals(order, seen, "every member sees the room's gifts in the same order");
                }
            }
            for (LocalMember sender : senders) {
                assertEquals(1000 - perSender, room.wallet(sender.session.identity().userId()).balance());
            }
        } finally {
            members.forEach(LocalMember::close);
        }
    }
}
