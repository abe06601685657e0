package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.server.LiveStageServer;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Media is relayed and never stored (issue 4, item 4), watched from outside the media code: the
 * real server runs in this JVM while a show (one publisher, several viewers) and then a 1:1-style
 * room (a host and an invited guest both publishing, each watched) stream through it.
 *
 * <ul>
 *   <li>Every 100 ms during the media, no descriptor of this process may be a regular file opened
 *   after the media started; sockets, pipes and anonymous inodes are what media may use. A class
 *   path jar, JDK modules or native library opened read-only is the class loader's (reported, not
 *   counted); a warm-up show before the measurement loads the media code's classes anyway.</li>
 *   <li>This process's {@code write_bytes} (what it dirtied on disk, wherever) may grow by no more
 *   than the JVM's own occasional page writes, far below one second of the media it relayed.</li>
 *   <li>After the media, the directories a server could write to without configuration
 *   ({@link WritableDirectories}) are compared: in the module directory and on memory file systems
 *   any new or changed file fails, unless another process holds it open or it is a JVM's
 *   perf-counter file; in shared disk directories (other sessions write to /tmp meanwhile) the
 *   changed files are listed and name the culprit when the write count above fails.</li>
 *   <li>Afterwards no transport is left: the retransmission caches and SRTP keys they held are gone.</li>
 * </ul>
 * Snapshots are taken right before and after the media phase, inside the test, so the build's
 * own writes (surefire reports, target/) happen outside the window.
 */
class NeverStoredTest {

    private static final int SHOW_VIEWERS = 4;
    private static final long MEDIA_MILLIS = 3_000;
    /** A few of the JVM's own 4 KiB page writebacks; one second of the relayed video alone is ~300 KiB. */
    private static final long STORAGE_WRITE_ALLOWANCE = 64 * 1024;
    private static final Duration STEP = Duration.ofSeconds(20);

    private final TokenIssuer tokens = new TokenIssuer(AuthConfig.DEV_SECRET, Clock.systemUTC());
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> codeLoads = new CopyOnWriteArrayList<>();

    @Test
    @Timeout(120)
    void aShowAndATwoPublisherRoomLeaveNoFileBehind() throws Exception {
        try (LiveStageServer server = LoopbackServer.start();
                SignalingConnector connector = new SignalingConnector(ClientOptions.defaults(), 1);
                WebRtcPeerGroup peers = new WebRtcPeerGroup(2)) {
            URI ws = URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
            show(connector, ws, peers, "warm-up", 1, 1_000);

            List<Path> roots = WritableDirectories.roots();
            Map<Path, WritableDirectories.FileState> filesBefore = WritableDirectories.snapshot(roots);
            Map<Integer, OpenDescriptors.Descriptor> fdsBefore = OpenDescriptors.snapshot();
            long writtenBefore = OpenDescriptors.storageWriteBytes();
            long forwardedBefore = metric(server, "livestage_sfu_packets_forwarded_total");
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            poller.scheduleAtFixedRate(() -> checkDescriptors(fdsBefore), 0, 100, TimeUnit.MILLISECONDS);
            try {
                show(connector, ws, peers, "show", SHOW_VIEWERS, MEDIA_MILLIS);
                stage(connector, ws, peers);
                awaitNoTransports(server);
            } finally {
                poller.shutdown();
                assertTrue(poller.awaitTermination(5, TimeUnit.SECONDS));
            }
            checkDescriptors(fdsBefore);
            long written = OpenDescriptors.storageWriteBytes() - writtenBefore;
            Set<Path> heldElsewhere = WritableDirectories.heldOpenByOtherProcesses();
            List<Path> changed = WritableDirectories.createdOrChanged(filesBefore, WritableDirectories.snapshot(roots));
            List<Path> unexplained = new ArrayList<>();
            for (Path file : changed) {
                if (!WritableDirectories.writtenByAnotherProcessOrPerfCounters(file, heldElsewhere)) {
                    unexplained.add(file);
                    if (roots.stream().anyMatch(root -> file.startsWith(root) && WritableDirectories.strict(root))) {
                        violations.add("new or changed file " + file);
                    }
                }
            }
            long forwarded = metric(server, "livestage_sfu_packets_forwarded_total") - forwardedBefore;
            System.out.printf("never stored: watched %s; %d packets forwarded; %d bytes written to storage;"
                    + " %d files changed, by other processes or not: %s; read-only code opened: %s%n", roots,
                    forwarded, written, changed.size(), unexplained, codeLoads);

            assertTrue(forwarded > 1_000, "the server forwarded only " + forwarded + " packets");
            assertEquals(List.of(), violations);
            assertTrue(written <= STORAGE_WRITE_ALLOWANCE, "this process wrote " + written
                    + " bytes to storage; files changed meanwhile that no other process holds open: " + unexplained);
            assertEquals(0, metric(server, "livestage_sfu_transports"), "transports left after the rooms ended");
        }
    }

    /** A host publishes to {@code viewers} viewers for a while; every viewer must get media. */
    private void show(SignalingConnector connector, URI ws, WebRtcPeerGroup peers, String name, int viewers,
            long millis) throws Exception {
        JavaPublisher host = JavaPublisher.start(connector, ws, token(name + "-host", Role.CREATOR), peers,
                PublisherOptions.defaults()).get(STEP.toSeconds(), TimeUnit.SECONDS);
        List<JavaSubscriber> watching = watch(connector, ws, peers, host.roomId(), name, viewers);
        Thread.sleep(millis);
        leave(host, watching);
    }

    /**
     * The 1:1 shape: two publishers in one room, each watched by someone else. Calls have no media
     * yet (call.* is unavailable), so the room is a show whose host invites a guest onto the stage.
     */
    private void stage(SignalingConnector connector, URI ws, WebRtcPeerGroup peers) throws Exception {
        JavaPublisher host = JavaPublisher.start(connector, ws, token("stage-host", Role.CREATOR), peers,
                PublisherOptions.defaults()).get(STEP.toSeconds(), TimeUnit.SECONDS);
        host.signaling().request(SignalingClient.message("show.invite").put("roomId", host.roomId())
                .put("userId", "stage-guest"), STEP).get(STEP.toSeconds(), TimeUnit.SECONDS);
        JavaPublisher guest = JavaPublisher.start(connector, ws, token("stage-guest", Role.CREATOR), peers,
                PublisherOptions.defaults().withRoomId(host.roomId())).get(STEP.toSeconds(), TimeUnit.SECONDS);
        List<JavaSubscriber> watching = watch(connector, ws, peers, host.roomId(), "stage", 2);
        Thread.sleep(MEDIA_MILLIS);
        for (JavaSubscriber viewer : watching) {
            List<ReceivedTrackStats> tracks = viewer.received().get(5, TimeUnit.SECONDS);
            assertTrue(tracks.size() >= 4, "a stage viewer gets both publishers' audio and video: " + tracks);
        }
        guest.close().get(10, TimeUnit.SECONDS);
        leave(host, watching);
    }

    private List<JavaSubscriber> watch(SignalingConnector connector, URI ws, WebRtcPeerGroup peers, String roomId,
            String name, int count) throws Exception {
        List<CompletableFuture<JavaSubscriber>> joining = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joining.add(JavaSubscriber.start(connector, ws, token(name + "-viewer-" + i, Role.VIEWER), peers,
                    SubscriberOptions.of(roomId)));
        }
        List<JavaSubscriber> viewers = new ArrayList<>();
        for (CompletableFuture<JavaSubscriber> viewer : joining) {
            viewers.add(viewer.get(STEP.toSeconds(), TimeUnit.SECONDS));
        }
        return viewers;
    }

    private static void leave(JavaPublisher host, List<JavaSubscriber> viewers) throws Exception {
        for (JavaSubscriber viewer : viewers) {
            List<ReceivedTrackStats> tracks = viewer.received().get(5, TimeUnit.SECONDS);
            assertTrue(tracks.stream().mapToLong(ReceivedTrackStats::packets).sum() > 50, "too little: " + tracks);
            assertEquals(0, tracks.stream().mapToLong(ReceivedTrackStats::payloadMismatches).sum(), tracks.toString());
            viewer.close().get(10, TimeUnit.SECONDS);
        }
        host.close().get(10, TimeUnit.SECONDS);
    }

    private void checkDescriptors(Map<Integer, OpenDescriptors.Descriptor> before) {
        for (OpenDescriptors.Descriptor opened : OpenDescriptors.opened(before, OpenDescriptors.snapshot())) {
            if (!opened.regularFile()) {
                continue;
            }
            if (opened.codeForReading()) {
                codeLoads.add(opened.target());
            } else {
                violations.add("descriptor " + opened.fd() + " open on " + opened.target()
                        + (opened.writable() ? " for writing" : ""));
            }
        }
    }

    private void awaitNoTransports(LiveStageServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metric(server, "livestage_sfu_transports") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** The sum of a metric's series on /metrics. */
    private static long metric(LiveStageServer server, String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private String token(String userId, Role role) {
        return tokens.issue(new Identity(userId, userId, Set.of(role), true, null), Duration.ofMinutes(5));
    }
}
