package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The real web client in three headless Chromiums (the most two cores carry): a creator goes live
 * from the studio, two viewers pick the show from the list and watch it; chat and gifts reach
 * everyone, and both viewers' likes reach the creator summed. The show is set up once; the checks
 * run in order so the screenshots show the chat and the gifts of the earlier ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class WebClientShowTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Castle: the catalog's large gift (999 coins, 5 s on screen), long enough to photograph. */
    private static final String GIFT = "castle";
    private static final long GIFT_PRICE = 999;
    private static final long CREDIT = 2000;
    /** Records every gift animation element the page adds, so one shown briefly is never missed. */
    private static final String RECORD_GIFTS = """
            window.giftsSeen = [],
            new MutationObserver(changes => changes.forEach(change => change.addedNodes.forEach(node => {
              if (node.classList && node.classList.contains('gift-anim')) {
                window.giftsSeen.push({giftId: node.dataset.giftId, from: node.dataset.from,
                    text: node.textContent, visible: node.getBoundingClientRect().width > 0});
              }
            }))).observe(document.body, {childList: true, subtree: true})""";

    private LiveStageServer server;
    private HeadlessChromium creatorBrowser;
    private HeadlessChromium firstViewerBrowser;
    private HeadlessChromium secondViewerBrowser;
    private ClientPage creator;
    private ClientPage firstViewer;
    private ClientPage secondViewer;
    private String firstViewerId;

    @BeforeAll
    void creatorGoesLiveAndTwoViewersJoin() throws Exception {
        server = TestServers.start(Map.of());
        String url = "http://127.0.0.1:" + server.httpPort();
        creatorBrowser = HeadlessChromium.start();
        firstViewerBrowser = HeadlessChromium.start();
        secondViewerBrowser = HeadlessChromium.start();
        creator = new ClientPage(creatorBrowser, url).open();
        creator.fillSignIn("Carla", Set.of("creator", "viewer"), true, null);
        creator.screenshot("sign-in");
        creator.click("#signin-submit");
        creator.awaitScreen("home");
        creator.click("#open-studio");
        creator.awaitScreen("creator");
        creator.type("#show-title", "Cooking with Carla");
        creator.click("#go-live");
        creator.awaitVisible("#live-badge", TIMEOUT);
        creator.await("outgoing video", () -> creator.outbound().stream()
                .anyMatch(stat -> "video".equals(stat.get("kind")) && ((Number) stat.get("framesEncoded")).longValue() > 0),
                TIMEOUT);

        firstViewer = new ClientPage(firstViewerBrowser, url).open();
        firstViewerId = firstViewer.signIn("Vera", Set.of("viewer"), true, null);
        secondViewer = new ClientPage(secondViewerBrowser, url).open();
        secondViewer.signIn("Victor", Set.of("viewer"), true, null);
        for (ClientPage viewer : List.of(firstViewer, secondViewer)) {
            viewer.click("#shows-list li button.join");
            viewer.awaitScreen("viewer");
        }
    }

    @AfterAll
    void closeAll() {
        for (AutoCloseable closeable : new AutoCloseable[] {secondViewerBrowser, firstViewerBrowser, creatorBrowser, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + closeable + " failed: " + e);
            }
        }
    }

    @Test
    @Order(1)
    void bothViewersDecodeTheCreatorsVideoAndPlayItsSound() throws Exception {
        for (ClientPage viewer : List.of(firstViewer, secondViewer)) {
            viewer.awaitWatching(TIMEOUT);
            assertEquals(Boolean.FALSE, viewer.eval("document.querySelector('#viewer-videos video').muted"),
                    "the show plays with sound");
            assertEquals(Boolean.FALSE, viewer.eval("document.querySelector('#viewer-videos video').paused"));
            assertTrue(viewer.visible("#viewer-videos video") && !viewer.visible("#tap-to-unmute"),
                    "the video shows, and no tap was needed for sound");
            viewer.await("the quality pill's figures", () -> viewer.text("#quality").contains("fps"), TIMEOUT);
        }
        creator.awaitText("#viewer-count", "2", TIMEOUT);
    }

    @Test
    @Order(2)
    void aChatMessageReachesEveryone() throws Exception {
        firstViewer.type("#viewer-chat .chat-form input", "Hello from Vera!");
        firstViewer.click("#viewer-chat .chat-form button");
        creator.type("#creator-chat .chat-form input", "Welcome, everyone");
        creator.click("#creator-chat .chat-form button");
        for (ClientPage page : List.of(creator, firstViewer, secondViewer)) {
            String log = page == creator ? "#creator-chat .chat-log" : "#viewer-chat .chat-log";
            page.awaitText(log, "Vera Hello from Vera!", TIMEOUT);
            page.awaitText(log, "Carla Welcome, everyone", TIMEOUT);
        }
    }

    @Test
    @Order(3)
    void aGiftIsAnimatedForTheCreatorAndTheOtherViewer() throws Exception {
        TestServers.credit(server.httpPort(), firstViewerId, CREDIT);
        creator.eval(RECORD_GIFTS);
        secondViewer.eval(RECORD_GIFTS);

        firstViewer.click("#open-gifts");
        // Coins through Intl, as the rest of the page's numbers: 2,000.
        firstViewer.awaitText("#wallet-balance", String.format(Locale.ENGLISH, "%,d", CREDIT), TIMEOUT);
        firstViewer.awaitText("#gift-picker .gift-option[data-gift-id='" + GIFT + "'] .gift-price",
                String.valueOf(GIFT_PRICE), TIMEOUT);
        firstViewer.screenshot("gift-picker");
        firstViewer.click("#gift-picker .gift-option[data-gift-id='" + GIFT + "']");
        // The castle costs more than client.giftConfirmAbove (500 by default): the page asks first.
        firstViewer.awaitVisible("#confirm-dialog", TIMEOUT);
        firstViewer.click("#confirm-yes");
        firstViewer.awaitText("#wallet-balance", String.format(Locale.ENGLISH, "%,d", CREDIT - GIFT_PRICE), TIMEOUT);

        for (ClientPage page : List.of(creator, secondViewer)) {
            page.await("the castle's animation", () -> giftsSeen(page).stream().anyMatch(gift ->
                    GIFT.equals(gift.get("giftId")) && firstViewerId.equals(gift.get("from"))
                            && Boolean.TRUE.equals(gift.get("visible"))
                            && String.valueOf(gift.get("text")).contains("Vera sent Castle")), TIMEOUT);
        }
        // Both pictures while the castle is still on screen (5 s): the board follows the gift within a second.
        creator.awaitText("#creator-leaderboard", "Vera", TIMEOUT);
        creator.screenshot("creator-live");
        secondViewer.screenshot("viewer-gift");
        assertTrue(creator.text("#creator-leaderboard").contains(GIFT_PRICE + " coins"), creator.text("#creator-leaderboard"));
        creator.awaitText("#coins-balance", GIFT_PRICE + " earned", TIMEOUT);
    }

    @Test
    @Order(4)
    void likesFromBothViewersReachTheCreatorCoalesced() throws Exception {
        creator.eval("window.likeEvents = [], window.livestage.session.signaling.on('likes', m => window.likeEvents.push(m.count)), true");
        // Ten quick taps each, as thumbs do: a room hears them summed every likesUpdateMs (500), not tap by tap.
        for (ClientPage viewer : List.of(firstViewer, secondViewer)) {
            viewer.script("for (let i = 0; i < 10; i++) document.querySelector('#like').click()");
        }
        creator.awaitText("#creator-actions .like-count", "20", TIMEOUT);
        for (ClientPage viewer : List.of(firstViewer, secondViewer)) {
            viewer.awaitText("#like .like-count", "20", TIMEOUT);
        }
        @SuppressWarnings("unchecked")
        List<Number> counts = (List<Number>) creator.eval("window.likeEvents");
        assertEquals(20, counts.stream().mapToLong(Number::longValue).sum(), "every like counted once: " + counts);
        assertTrue(counts.size() <= 4, "20 likes from two viewers come as a few coalesced events: " + counts);
    }

    private static List<Map<?, ?>> giftsSeen(ClientPage page) {
        @SuppressWarnings("unchecked")
        List<Map<?, ?>> seen = (List<Map<?, ?>>) page.eval("window.giftsSeen");
        return seen;
    }
}
