package io.livestage.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.signaling.protocol.ServerMessage.ConsultantSummary;
import io.livestage.signaling.protocol.ServerMessage.ShowSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterDirectoryTest {
    private final ClusterDirectory directory = new ClusterDirectory();

    @Test
    void aSingleNodeListsItsOwnShowsAndConsultants() {
        List<ShowSummary> local = List.of(show("r1", 3));
        assertEquals(local, directory.shows(local));
        assertEquals(List.of(consultant("c1")), directory.consultants(List.of(consultant("c1"))));
        assertEquals(Optional.empty(), directory.nodeOf("r1"));
    }

    @Test
    void everyNodesShowsMostWatchedFirstAndEachOnceAsThisNodeSeesIt() {
        directory.replaceOthers(List.of(
                new NodeListing("b", false, List.of(), 0, 0, List.of(show("r2", 40), show("r1", 1)), List.of()),
                new NodeListing("c", false, List.of(), 0, 0, List.of(show("r3", 7)), List.of())));
        List<ShowSummary> shows = directory.shows(List.of(show("r1", 5)));
        assertEquals(List.of(show("r2", 40), show("r3", 7), show("r1", 5)), shows,
                "r1 as this node counts it, not as b listed it before it moved here");
        assertEquals(Optional.of("c"), directory.nodeOf("r3"));
        assertEquals(Optional.empty(), directory.nodeOf("r9"));
    }

    @Test
    void everyNodesConsultantsCheapestFirstEachUserOnceAsThisNodeSeesThem() {
        ConsultantSummary busyHere = new ConsultantSummary("c1", "Consultant c1", 10, true);
        directory.replaceOthers(List.of(new NodeListing("b", false, List.of(), 0, 0, List.of(),
                List.of(consultant("c2", 30), consultant("c1", 10), consultant("c3", 5)))));
        assertEquals(List.of(consultant("c3", 5), busyHere, consultant("c2", 30)), directory.consultants(List.of(busyHere)));
    }

    @Test
    void replacingTheOthersForgetsANodeThatIsGone() {
        directory.replaceOthers(List.of(new NodeListing("b", false, List.of(), 0, 0, List.of(show("r2", 1)), List.of(consultant("c2")))));
        directory.replaceOthers(List.of());
        assertEquals(List.of(), directory.shows(List.of()));
        assertEquals(List.of(), directory.consultants(List.of()));
    }

    private static ShowSummary show(String roomId, int viewers) {
        return new ShowSummary(roomId, "Show " + roomId, "host-" + roomId, "Host", viewers);
    }

    private static ConsultantSummary consultant(String userId) {
        return consultant(userId, 10);
    }

    private static ConsultantSummary consultant(String userId, long rate) {
        return new ConsultantSummary(userId, "Consultant " + userId, rate, false);
    }
}
