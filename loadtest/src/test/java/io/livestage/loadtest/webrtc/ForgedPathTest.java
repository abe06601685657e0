package io.livestage.loadtest.webrtc;

import static io.livestage.loadtest.webrtc.LiveShowHarness.assertComplete;
import static io.livestage.loadtest.webrtc.LiveShowHarness.await;
import static io.livestage.loadtest.webrtc.LiveShowHarness.awaitLast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.ConsentCheck;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import io.livestage.sfu.rtp.RetransmissionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A viewer tries to point its stream at someone else (the amplification attack of issue 13): it
 * knows the ICE password of its own subscription from the server's offer, so it forges nominated
 * checks "from" a victim's address (here a second local socket that never answers) and storms the
 * server with NACKs for everything cached. Through the real server, with a real publisher and
 * viewers over ICE, DTLS and SRTP: the victim gets the STUN answers to the forged checks and one
 * consent check of ours, never media; the other viewer and the attacker's own path carry on; and a
 * move to an address that does answer still works.
 */
class ForgedPathTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int FORGED_CHECKS = 40;
    private static final long ATTACK_MILLIS = 4_000;
    /** 17 NACK entries of 16 packets each, sent every 20 ms: far more than the cap lets through. */
    private static final int NACKED_PER_PACKET = 272;

    @Test
    @Timeout(60)
    void forgedNominationsAndNackStormsSendTheVictimNoMediaAndLeaveOthersUnaffected() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness(); CountingSocket victim = new CountingSocket(null)) {
            JavaPublisher publisher = show.startShow();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            JavaSubscriber attacker = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            long video = publisher.tracks().videoSsrc();
            await(() -> viewer.received(video).packets() > 100 && attacker.received(video).packets() > 100, TIMEOUT);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", show.server().sfu().udpPort());
            StunBindingClient forger = new StunBindingClient(attacker.peer().localIce(),
                    attacker.offer().transport().ice(), RANDOM);
            long viewerBefore = viewer.received(video).packets();
            long attackerBefore = attacker.received(video).packets();
            double servedBefore = show.metric("livestage_sfu_nack_served_total");
            double requestedBefore = show.metric("livestage_sfu_nack_requested_total");

            long start = System.nanoTime();
            int nacks = 0;
            int forged = 0;
            long nextCheck = start;
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(ATTACK_MILLIS)) {
                if (forged < FORGED_CHECKS && System.nanoTime() >= nextCheck) {
                    victim.send(forger.newRequest(ControllingIce.PRIORITY, true).bytes(), server);
                    forged++;
                    nextCheck += TimeUnit.MILLISECONDS.toNanos(ATTACK_MILLIS / FORGED_CHECKS);
                }
                nackEverythingCached(attacker, video);
                nacks++;
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3_000);
            double served = show.metric("livestage_sfu_nack_served_total") - servedBefore;
            double requested = show.metric("livestage_sfu_nack_requested_total") - requestedBefore;

            System.out.printf("forged path: %d forged nominated checks and %d NACKs (%.0f packets asked) in %.1f s;"
                    + " the victim got %d bytes in %d datagrams: %d STUN answers, %d consent checks, %d other"
                    + " (DTLS/RTP/RTCP); %.0f packets resent to the attacker's own address%n", forged, nacks, requested,
                    seconds, victim.bytes(), victim.datagrams(), victim.answers(), victim.checks(), victim.other(), served);
            assertEquals(0, victim.other(), "no DTLS, RTP or RTCP ever reached the victim");
            assertEquals(forged, victim.answers(), "each forged check got its own STUN answer, nothing more");
            assertEquals(ConsentCheck.MAX_SENDS, victim.checks(), "one consent check of ours, with its retransmissions");
            assertTrue(victim.bytes() <= forged * 100L + ConsentCheck.MAX_SENDS * 120L,
                    "a few small STUN packets: " + victim.bytes() + " bytes");
            assertTrue(served <= (RetransmissionBudget.DEFAULT_BYTES_PER_SECOND * (seconds + 3)
                    + RetransmissionBudget.DEFAULT_BURST_BYTES) / 500, "resends are capped: " + served + " of " + requested);
            assertTrue(viewer.received(video).packets() > viewerBefore + 100, "the other viewer kept receiving");
            assertTrue(attacker.received(video).packets() > attackerBefore + 100, "the attacker's path never moved");

            publisher.stopMedia().get(5, TimeUnit.SECONDS);
            for (SentStreamStats sent : publisher.sent()) {
                assertComplete(awaitLast(viewer, sent), sent);
            }
        }
    }

    @Test
    @Timeout(60)
    void aNominationFromAnAddressThatAnswersOurCheckMovesTheMedia() throws Exception {
        try (LiveShowHarness show = new LiveShowHarness()) {
            JavaPublisher publisher = show.startShow();
            JavaSubscriber viewer = show.subscribe(1, SubscriberOptions.of(publisher.roomId())).get(0);
            long video = publisher.tracks().videoSsrc();
            await(() -> viewer.received(video).packets() > 100, TIMEOUT);
            IceCredentials viewerIce = viewer.peer().localIce();
            IceCredentials serverIce = viewer.offer().transport().ice();
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", show.server().sfu().udpPort());
            try (CountingSocket newNetwork = new CountingSocket(IceLiteResponder.forControllingAgent(viewerIce, serverIce))) {
                newNetwork.send(new StunBindingClient(viewerIce, serverIce, RANDOM)
                        .newRequest(ControllingIce.PRIORITY, true).bytes(), server);
                await(() -> newNetwork.other() > 100, TIMEOUT);
                System.out.printf("path move: the new address answered %d consent check(s) and then got %d media"
                        + " datagrams%n", newNetwork.checks(), newNetwork.other());
                assertEquals(1, newNetwork.checks(), "asked once, answered at once");
                assertTrue(newNetwork.other() > 100, "the media moved to the address that answered");
            }
        }
    }

    /** NACKs, from the attacker's own transport, for every packet of the track the cache may still hold. */
    private static void nackEverythingCached(JavaSubscriber attacker, long ssrc) {
        ReceivedTrackStats received = attacker.received(ssrc);
        int highest = received.highestSequence16();
        int[] lost = new int[NACKED_PER_PACKET];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = (highest - NACKED_PER_PACKET + i) & 0xFFFF;
        }
        WebRtcPeer peer = attacker.peer();
        peer.eventLoop().execute(() -> {
            byte[] rtcp = new byte[1500];
            peer.sendRtcp(rtcp, 0, RtcpFeedbackWriter.writeNack(rtcp, 0, 1, ssrc, lost, lost.length));
        });
    }

    /**
     * A socket on loopback that counts what reaches it: the STUN answers to checks sent from it,
     * Binding requests (the server's consent checks), and everything else. It answers the server's
     * checks only when given a responder (a real peer); without one it is a victim that never does.
     */
    private static final class CountingSocket implements AutoCloseable {
        private final DatagramSocket socket;
        private final IceLiteResponder responder;
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicInteger datagrams = new AtomicInteger();
        private final AtomicInteger answers = new AtomicInteger();
        private final AtomicInteger checks = new AtomicInteger();
        private final AtomicInteger other = new AtomicInteger();

        CountingSocket(IceLiteResponder responder) {
            this.responder = responder;
            try {
                socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
            Thread reader = new Thread(this::read, "counting-socket");
            reader.setDaemon(true);
            reader.start();
        }

        void send(byte[] data, InetSocketAddress to) throws IOException {
            socket.send(new DatagramPacket(data, data.length, to));
        }

        long bytes() {
            return bytes.get();
        }

        int datagrams() {
            return datagrams.get();
        }

        int answers() {
            return answers.get();
        }

        int checks() {
            return checks.get();
        }

        int other() {
            return other.get();
        }

        private void read() {
            byte[] buffer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (!socket.isClosed()) {
                try {
                    packet.setLength(buffer.length);
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                int length = packet.getLength();
                bytes.addAndGet(length);
                datagrams.incrementAndGet();
                if ((buffer[0] & 0xFF) > 3) {
                    other.incrementAndGet();
                } else if (buffer[0] == 0 && buffer[1] == 1) {
                    checks.incrementAndGet();
                    answer(Arrays.copyOf(buffer, length), (InetSocketAddress) packet.getSocketAddress());
                } else {
                    answers.incrementAndGet();
                }
            }
        }

        private void answer(byte[] check, InetSocketAddress from) {
            if (responder != null && responder.respond(check, 0, check.length, from)
                    instanceof BindingOutcome.Accepted accepted) {
                try {
                    send(accepted.response(), from);
                } catch (IOException e) {
                    // Closed: the test is over.
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
