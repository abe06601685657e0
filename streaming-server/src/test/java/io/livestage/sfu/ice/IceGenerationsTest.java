package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class IceGenerationsTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.7", 40123);
    private static final IceCredentials SERVER = new IceCredentials("srv1", "serverPasswordOfGeneration1");
    private static final IceCredentials SERVER_2 = new IceCredentials("srv2", "serverPasswordOfGeneration2");
    private static final IceCredentials SERVER_3 = new IceCredentials("srv3", "serverPasswordOfGeneration3");
    private static final IceCredentials PEER = new IceCredentials("peer1", "peerPasswordOfGeneration1");
    private static final IceCredentials PEER_2 = new IceCredentials("peer2", "peerPasswordOfGeneration2");

    private final SecureRandom random = new SecureRandom();

    private byte[] check(IceCredentials peer, IceCredentials server) {
        return new StunBindingClient(peer, server, random).newRequest(1, true).bytes();
    }

    private static boolean accepted(IceGenerations generations, byte[] request) {
        IceGenerations.Generation generation = generations.addressedBy(request, 0, request.length);
        return generation.responder() != null && generation.responder().respond(request, 0, request.length, SOURCE)
                instanceof BindingOutcome.Accepted;
    }

    @Test
    void theFirstGenerationAnswersOnceThePeersCredentialsAreKnown() {
        IceGenerations waiting = IceGenerations.first(SERVER);
        assertNull(waiting.selected().responder(), "no peer credentials yet");
        assertEquals(SERVER, waiting.newest().local());

        IceGenerations started = waiting.withRemote(PEER);
        assertEquals(0, started.selected().number());
        assertEquals(PEER, started.selected().remote());
        assertTrue(accepted(started, check(PEER, SERVER)));
        assertNull(started.pending());
    }

    @Test
    void aPublisherRestartAnswersBothGenerationsUntilPromoted() {
        IceGenerations restarting = IceGenerations.first(SERVER).withRemote(PEER).restart(SERVER_2, PEER_2);
        assertEquals(1, restarting.pending().number());
        assertEquals(SERVER_2, restarting.newest().local());

        byte[] old = check(PEER, SERVER);
        byte[] fresh = check(PEER_2, SERVER_2);
        assertSame(restarting.selected(), restarting.addressedBy(old, 0, old.length));
        assertSame(restarting.pending(), restarting.addressedBy(fresh, 0, fresh.length));
        assertTrue(accepted(restarting, old), "the old path keeps working during the restart");
        assertTrue(accepted(restarting, fresh));
        assertFalse(accepted(restarting, check(PEER, SERVER_2)), "new local ufrag with the old peer ufrag");

        IceGenerations promoted = restarting.promote();
        assertEquals(SERVER_2, promoted.selected().local());
        assertNull(promoted.pending());
        assertTrue(accepted(promoted, fresh));
        assertFalse(accepted(promoted, old), "old credentials stop once the restart is selected");
    }

    @Test
    void aSubscriberRestartLearnsThePeersCredentialsFromItsAnswer() {
        IceGenerations offered = IceGenerations.first(SERVER).withRemote(PEER).restart(SERVER_2, null);
        byte[] early = check(PEER_2, SERVER_2);
        assertSame(offered.pending(), offered.addressedBy(early, 0, early.length), "routed by our new ufrag");
        assertNull(offered.pending().responder(), "cannot verify before the answer");
        assertNull(offered.newest().remote());

        IceGenerations answered = offered.withRemote(PEER_2);
        assertEquals(PEER, answered.selected().remote(), "the selected generation is untouched");
        assertEquals(PEER_2, answered.pending().remote());
        assertTrue(accepted(answered, early));
    }

    @Test
    void aSecondRestartReplacesAPendingOne() {
        IceGenerations twice = IceGenerations.first(SERVER).withRemote(PEER).restart(SERVER_2, PEER_2)
                .restart(SERVER_3, PEER_2);
        assertEquals(SERVER_3, twice.pending().local());
        assertEquals(2, twice.pending().number(), "generation numbers only grow");
        byte[] replaced = check(PEER_2, SERVER_2);
        assertSame(twice.selected(), twice.addressedBy(replaced, 0, replaced.length));
        assertFalse(accepted(twice, replaced), "the replaced restart's credentials are gone");
        assertTrue(accepted(twice, check(PEER_2, SERVER_3)));
    }

    @Test
    void aRestartNeedsANewUfragAndPromotionNeedsARestart() {
        IceGenerations started = IceGenerations.first(SERVER).withRemote(PEER);
        assertThrows(IllegalArgumentException.class, () -> started.restart(SERVER, PEER_2));
        assertThrows(IllegalStateException.class, started::promote);
    }

    @Test
    void garbageIsAddressedToTheSelectedGeneration() {
        IceGenerations restarting = IceGenerations.first(SERVER).withRemote(PEER).restart(SERVER_2, PEER_2);
        byte[] garbage = {0, 1, 0, 0};
        assertSame(restarting.selected(), restarting.addressedBy(garbage, 0, garbage.length));
        BindingOutcome outcome = restarting.selected().responder().respond(garbage, 0, garbage.length, SOURCE);
        assertEquals(StunRejection.MALFORMED, assertInstanceOf(BindingOutcome.Rejected.class, outcome).reason());
    }
}
