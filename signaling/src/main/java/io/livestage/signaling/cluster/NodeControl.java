package io.livestage.signaling.cluster;

import java.util.List;
import java.util.Map;

/** The server API's hold on this node in its cluster ({@code /api/node/drain}, {@code /api/nodes}). */
public interface NodeControl {
    /** Starts draining this node (idempotent) and returns the drain's state. */
    Map<String, Object> drain();

    /** This node as it is now, then every other node as it last told the cluster. */
    List<NodeListing> nodes();
}
