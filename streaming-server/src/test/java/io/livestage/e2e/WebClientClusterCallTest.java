package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import io.livestage.server.cluster.NodeProcess;
import io.livestage.testsupport.OwnedRedis;
import io.livestage.testsupport.TcpProxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A paid call between two web clients on different nodes of a cluster, judged as its two users would: the
 * consultant's page is connected to node B, the caller's to node A. The call runs on B, the caller's media goes
 * straight there, and both pages decode each other's video at a steady rate with no freeze while the caller's
 * meter counts. Then the node running the call dies: the caller's page is told the call moved and sends its media
 * to the node that carries it on, the consultant's page reconnects through another node and resumes, and both
 * decode each other again. Prints what each page received and how long it waited.
 */
class WebClientClusterCallTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final long MINUTE_MS = 3000;
    private static final long RATE = 10;
    private static final long COINS = 100 * RATE;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** How long each page's received video is watched for size, rate and freezes. */
    private static final long WINDOW_MS = 4000;
    /** The fake camera's 20 fps, less a margin for two browsers, three servers and Maven on two cores. */
    private static final double MIN_FPS = 12;
    private static final int MIN_WIDTH = 320;

    /** Page-side log of the call's messages and reconnects, on the page's clock ({@code Date.now()}). */
    private static final String MARKS = "if (!window.callMarks) { window.callMarks = [];"
            + " const signaling = window.livestage.session.signaling;"
            + " for (const type of ['call.started', 'call.peer', 'call.ended'])"
            + "   signaling.on(type, m => window.callMarks.push({type, moved: !!m.moved, state: m.state ?? null, t: Date.now()}));"
            + " const request = signaling.request.bind(signaling);"
            + " signaling.request = (type, fields) => { window.callMarks.push({type: 'req:' + type, t: Date.now()});"
            + "   const p = request(type, fields); p.then(() => window.callMarks.push({type: 'rep:' + type, t: Date.now()}), () => {}); return p; };"
            + " signaling.on('media.offer', m => window.callMarks.push({type: 'media.offer', t: Date.now()}));"
            + " signaling.addEventListener('ready', () => window.callMarks.push({type: 'ready', t: Date.now()}));"
            + " document.querySelector('#accept-call').addEventListener('click',"
            + "   () => window.callMarks.push({type: 'accept-click', t: Date.now()}), {capture: true}); }"
            + " return true;";

    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    @Timeout(120)
    void aCallerAndAConsultantOnDifferentNodesSeeEachOtherAndAreBilled() throws Exception {
        try (LiveStageServer a = TestServers.start(inProcessNode("node-a"));
             LiveStageServer b = TestServers.start(inProcessNode("node-b"));
             HeadlessChromium consultantBrowser = HeadlessChromium.start();
             HeadlessChromium callerBrowser = HeadlessChromium.start()) {
            ClientPage consultant = new ClientPage(consultantBrowser, "http://127.0.0.1:" + b.httpPort()).open();
            String entry = availableConsultant(consultant);
            ClientPage caller = new ClientPage(callerBrowser, "http://127.0.0.1:" + a.httpPort()).open();
            creditedCaller(caller, a.httpPort());
            call(caller, entry);

            long accepted = accept(consultant, caller);
            long callerFirst = awaitFirstFrameAfter(caller, accepted);
            long consultantFirst = awaitFirstFrameAfter(consultant, accepted);
            for (ClientPage side : List.of(caller, consultant)) {
                side.awaitWatching(TIMEOUT);
                assertEquals(List.of((long) b.sfu().udpPort(), (long) b.sfu().udpPort()), ReceivedVideo.mediaPorts(side),
                        "both PeerConnections of each page go straight to node B, which runs the call");
            }
            assertEquals(0, a.sfu().subscriptionCount(), "node A serves no media for the call");
            caller.awaitVisible("#call-meter", TIMEOUT);
            caller.await("the first minute on the caller's meter", () -> cost(caller) >= RATE, TIMEOUT);

            ReceivedVideo.Window atCaller = ReceivedVideo.over(caller, WINDOW_MS);
            ReceivedVideo.Window atConsultant = ReceivedVideo.over(consultant, WINDOW_MS);
            assertSmooth("the caller", atCaller);
            assertSmooth("the consultant", atConsultant);
            caller.await("the second minute on the caller's meter", () -> cost(caller) >= 2 * RATE, TIMEOUT);

            caller.click("#hang-up");
            long charged = assertEndedAlike(caller, consultant);
            System.out.println("web client call across nodes, ms after accept: caller " + marks(caller, accepted)
                    + "; consultant " + marks(consultant, accepted));
            System.out.printf("web client call across nodes (caller on A, consultant on B, call on B): accept to first"
                            + " remote frame %d ms at the caller, %d ms at the consultant; the caller received %s;"
                            + " the consultant received %s; hung up, %d coins charged on both pages%n",
                    callerFirst - accepted, consultantFirst - accepted, atCaller, atConsultant, charged);
        }
    }

    /**
     * The call's node (B, the consultant's) is killed. The caller's page on A gets {@code call.started moved} and
     * publishes and subscribes again, now to the node carrying the call on; the consultant's page, behind a stand-in
     * load balancer now sending it to C, reconnects by itself and resumes. Both decode each other again, billing goes
     * on, and the end shows one amount on both pages.
     */
    @Test
    @Timeout(180)
    void whenTheCallsNodeDiesBothPagesSeeEachOtherAgain() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch();
             NodeProcess a = NodeProcess.start("node-a", processNode(redis));
             NodeProcess b = NodeProcess.start("node-b", processNode(redis));
             NodeProcess c = NodeProcess.start("node-c", processNode(redis));
             TcpProxy balancer = TcpProxy.start(b.httpPort());
             HeadlessChromium consultantBrowser = HeadlessChromium.start();
             HeadlessChromium callerBrowser = HeadlessChromium.start()) {
            ClientPage consultant = new ClientPage(consultantBrowser, "http://127.0.0.1:" + balancer.port()).open();
            String entry = availableConsultant(consultant);
            ClientPage caller = new ClientPage(callerBrowser, "http://127.0.0.1:" + a.httpPort()).open();
            creditedCaller(caller, a.httpPort());
            call(caller, entry);
            accept(consultant, caller);
            for (ClientPage side : List.of(caller, consultant)) {
                side.awaitWatching(TIMEOUT);
                assertEquals(List.of((long) b.udpPort(), (long) b.udpPort()), ReceivedVideo.mediaPorts(side),
                        "the call runs on B, the consultant's node");
            }
            caller.await("the first minute on the caller's meter", () -> cost(caller) >= RATE, TIMEOUT);
            consultant.eval("window.sameDocument = 'yes'");
            caller.eval("window.sameDocument = 'yes'");

            long killed = System.currentTimeMillis();
            b.kill();
            balancer.retarget(c.httpPort());
            balancer.cut();
            balancer.restore();

            caller.await("call.started moved at the caller", () -> mark(caller, "call.started", killed) != null, TIMEOUT);
            Map<?, ?> moved = mark(caller, "call.started", killed);
            assertEquals(Boolean.TRUE, moved.get("moved"), "the caller's page is told its call moved: " + moved);
            long callerBack = awaitFirstFrameAfter(caller, killed);
            long consultantBack = awaitFirstFrameAfter(consultant, killed);
            long consultantReconnected = ((Number) mark(consultant, "ready", killed).get("t")).longValue();
            for (ClientPage side : List.of(caller, consultant)) {
                side.awaitWatching(TIMEOUT);
            }
            List<Long> ports = ReceivedVideo.mediaPorts(caller);
            assertEquals(ports, ReceivedVideo.mediaPorts(consultant), "both parties' media go to one node");
            assertTrue(ports.size() == 2 && ports.get(0).equals(ports.get(1))
                    && List.of((long) a.udpPort(), (long) c.udpPort()).contains(ports.get(0)),
                    "the call runs on a node that is up: " + ports);
            String runsOn = ports.get(0) == a.udpPort() ? "A" : "C";

            ReceivedVideo.Window atCaller = ReceivedVideo.over(caller, WINDOW_MS);
            ReceivedVideo.Window atConsultant = ReceivedVideo.over(consultant, WINDOW_MS);
            assertSmooth("the caller, after the move", atCaller);
            assertSmooth("the consultant, after the move", atConsultant);
            long costNow = cost(caller);
            caller.await("another minute on the caller's meter", () -> cost(caller) > costNow, TIMEOUT);
            assertEquals("yes", caller.eval("window.sameDocument"), "the caller's page was reloaded");
            assertEquals("yes", consultant.eval("window.sameDocument"), "the consultant's page was reloaded");

            caller.click("#hang-up");
            long charged = assertEndedAlike(caller, consultant);
            System.out.printf("web client call, its node B killed: the caller's page on A got call.started moved after"
                            + " %d ms and decoded the consultant again after %d ms; the consultant's page reconnected"
                            + " through C after %d ms and decoded the caller again after %d ms; the call now on %s;"
                            + " the caller received %s; the consultant received %s; hung up, %d coins charged on both"
                            + " pages%n",
                    ((Number) moved.get("t")).longValue() - killed, callerBack - killed, consultantReconnected - killed,
                    consultantBack - killed, runsOn, atCaller, atConsultant, charged);
            System.out.println("web client call across nodes, ms after the kill: caller " + marks(caller, killed)
                    + "; consultant " + marks(consultant, killed));
        }
    }

    /**
     * A node for the steady call: its registry entry lives 5 s, not the test default's 1 s, so that two browsers,
     * two nodes and whatever else shares these two cores cannot stall a heartbeat long enough for A to take B for
     * dead and take the call over mid-measurement (that is the other test's subject).
     */
    private Map<String, String> inProcessNode(String id) {
        Map<String, String> settings = TestServers.clusterNode(REDIS, prefix, id);
        settings.put("LIVESTAGE_CLUSTER_HEARTBEAT_MS", "500");
        settings.put("LIVESTAGE_CLUSTER_EXPIRY_MS", "5000");
        settings.put("LIVESTAGE_CALLS_MINUTE_MS", String.valueOf(MINUTE_MS));
        return settings;
    }

    /**
     * A node process: a node is taken for dead when its registry entry is 3 s old (heartbeat 500 ms), not the test
     * default's 1 s; with browsers and three nodes on two shared cores, a live node stalled past 1 s now and then
     * and had its call taken over (it hands it on, but the pages' media moves once more). The kill-to-video times
     * this test prints are mostly this expiry (production's default is 10 s).
     */
    private static Map<String, String> processNode(OwnedRedis redis) {
        Map<String, String> settings = new HashMap<>(TestServers.clusterNode(redis.uri(), null, null));
        settings.put("LIVESTAGE_CLUSTER_HEARTBEAT_MS", "500");
        settings.put("LIVESTAGE_CLUSTER_EXPIRY_MS", "3000");
        settings.put("LIVESTAGE_CALLS_MINUTE_MS", String.valueOf(MINUTE_MS));
        return settings;
    }

    /** Dr. Cole signs in and goes available at {@link #RATE}; the CSS selector of their entry in a caller's list. */
    private static String availableConsultant(ClientPage consultant) throws Exception {
        String consultantId = consultant.signIn("Dr. Cole", Set.of("consultant"), true, (int) RATE);
        consultant.click("#availability");
        consultant.awaitText("#availability-rate", "available at " + RATE + " coins per minute", TIMEOUT);
        return "#consultants-list li[data-user-id='" + consultantId + "']";
    }

    private static void creditedCaller(ClientPage caller, int httpPort) throws Exception {
        String callerId = caller.signIn("Paul", Set.of("viewer"), true, null);
        TestServers.credit(httpPort, callerId, COINS);
    }

    /** The caller finds the consultant (on another node) in the list and calls. */
    private static void call(ClientPage caller, String entry) throws InterruptedException {
        caller.click("#refresh-consultants");
        caller.awaitText(entry, RATE + " coins/min", TIMEOUT);
        caller.click(entry + " button.call");
    }

    /** The consultant's page rings and the consultant accepts; returns when the accept button was pressed (page clock). */
    private static long accept(ClientPage consultant, ClientPage caller) throws InterruptedException {
        consultant.awaitVisible("#incoming-call", TIMEOUT);
        assertTrue(consultant.text("#incoming-text").contains("Paul is calling you: " + RATE + " coins per minute"),
                consultant.text("#incoming-text"));
        for (ClientPage side : List.of(caller, consultant)) {
            side.script(MARKS);
            ReceivedVideo.watch(side);
        }
        consultant.click("#accept-call");
        consultant.await("the accept noted", () -> mark(consultant, "accept-click", 0) != null, TIMEOUT);
        for (ClientPage side : List.of(caller, consultant)) {
            side.awaitScreen("call");
        }
        return ((Number) mark(consultant, "accept-click", 0).get("t")).longValue();
    }

    /** Waits until the page's current PeerConnections decoded a frame after {@code since}; returns when. */
    private static long awaitFirstFrameAfter(ClientPage page, long since) throws InterruptedException {
        page.await("a remote frame decoded after " + since, () -> ReceivedVideo.firstFrameOfCurrent(page)
                .filter(first -> first >= since).isPresent(), TIMEOUT);
        return ReceivedVideo.firstFrameOfCurrent(page).orElseThrow();
    }

    /** The first of the page's marks of this type at or after {@code since}, or null. */
    private static Map<?, ?> mark(ClientPage page, String type, long since) {
        for (Object each : (List<?>) page.eval("window.callMarks")) {
            Map<?, ?> mark = (Map<?, ?>) each;
            if (type.equals(mark.get("type")) && ((Number) mark.get("t")).longValue() >= since) {
                return mark;
            }
        }
        return null;
    }

    /** The page's marks as "type@ms" from {@code since}, for the log. */
    private static Object marks(ClientPage page, long since) {
        return page.eval("window.callMarks.filter(m => m.t >= " + since + ").map(m => m.type + (m.moved ? '(moved)' : '')"
                + " + (m.state ? '(' + m.state + ')' : '') + '@' + (m.t - " + since + ")).join(' ')");
    }

    private static long cost(ClientPage caller) {
        String shown = caller.text("#call-cost").replace(",", "");
        return shown.isEmpty() ? 0 : Long.parseLong(shown);
    }

    private static void assertSmooth(String who, ReceivedVideo.Window window) {
        assertTrue(window.width() >= MIN_WIDTH, who + " sees a picture at least " + MIN_WIDTH + " wide: " + window);
        assertTrue(window.fps() >= MIN_FPS, who + " sees at least " + MIN_FPS + " frames a second: " + window);
        assertEquals(0, window.freezes(), who + " sees no freeze: " + window);
    }

    /** Both pages show the call's end (hung up) and the same amount: cost to the caller, earned by the consultant. */
    private static long assertEndedAlike(ClientPage caller, ClientPage consultant) throws InterruptedException {
        for (ClientPage side : List.of(caller, consultant)) {
            side.awaitVisible("#call-message", TIMEOUT);
            side.await("call.ended hangup", () -> "hangup".equals(side.eval("document.querySelector('#call-message').dataset.reason")),
                    TIMEOUT);
        }
        long charged = cost(caller);
        assertTrue(charged >= 2 * RATE, "at least two minutes charged: " + charged);
        assertTrue(caller.text("#call-summary").contains("cost " + charged + " coins"),
                "the caller's summary matches the meter's " + charged + ": " + caller.text("#call-summary"));
        assertTrue(consultant.text("#call-summary").contains("earned " + charged + " coins"),
                "the consultant earned what the caller paid, " + charged + ": " + consultant.text("#call-summary"));
        return charged;
    }
}
