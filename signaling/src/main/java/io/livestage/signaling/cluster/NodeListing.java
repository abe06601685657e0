package io.livestage.signaling.cluster;

import io.livestage.signaling.protocol.ServerMessage.ConsultantSummary;
import io.livestage.signaling.protocol.ServerMessage.ShowSummary;
import java.util.List;

/**
 * What one node serves, as it last told the cluster: whether it is draining (it starts no new shows
 * or calls), where its media goes, its load, its live shows (with their viewers there) and its
 * available consultants.
 *
 * @param mediaAddresses   {@code address:port} of its media, as its ICE candidates announce
 * @param connections      its open signaling connections
 * @param mediaBusyPercent how busy its busiest media loop was over the last second (at 95 it refuses new media)
 */
public record NodeListing(String nodeId, boolean draining, List<String> mediaAddresses, int connections,
                          int mediaBusyPercent, List<ShowSummary> shows, List<ConsultantSummary> consultants) {
    public NodeListing {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a node listing needs the node's id");
        }
        mediaAddresses = mediaAddresses == null ? List.of() : List.copyOf(mediaAddresses);
        shows = shows == null ? List.of() : List.copyOf(shows);
        consultants = consultants == null ? List.of() : List.copyOf(consultants);
    }
}
