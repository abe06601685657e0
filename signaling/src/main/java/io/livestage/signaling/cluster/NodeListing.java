package io.livestage.signaling.cluster;

import io.livestage.signaling.protocol.ServerMessage.ConsultantSummary;
import io.livestage.signaling.protocol.ServerMessage.ShowSummary;
import java.util.List;

/**
 * What one node serves, as it last told the cluster: whether it is draining (it starts no new shows
 * or calls), its live shows (with their viewers there) and its available consultants.
 */
public record NodeListing(String nodeId, boolean draining, List<ShowSummary> shows,
                          List<ConsultantSummary> consultants) {
    public NodeListing {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a node listing needs the node's id");
        }
        shows = shows == null ? List.of() : List.copyOf(shows);
        consultants = consultants == null ? List.of() : List.copyOf(consultants);
    }
}
