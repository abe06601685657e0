package io.livestage.signaling.cluster;

import io.livestage.signaling.protocol.ServerMessage.ConsultantSummary;
import io.livestage.signaling.protocol.ServerMessage.ShowSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shows and consultants of the whole cluster for {@code show.list} and {@code consultant.list}:
 * this node's own as they are now, merged with the other nodes' as they last told the cluster. The
 * node registry (outside signaling) replaces the others' listings at every heartbeat; on a single
 * node there are none. Any thread.
 */
public final class ClusterDirectory {
    /** The name of a node built without one (tests, embedded use). */
    public static final String SINGLE_NODE = "single";
    private static final Comparator<ShowSummary> MOST_WATCHED_FIRST =
            Comparator.comparingInt(ShowSummary::viewers).reversed().thenComparing(ShowSummary::roomId);
    /** As a node's roster lists them. */
    private static final Comparator<ConsultantSummary> CHEAPEST_FIRST = Comparator.comparingLong(
            ConsultantSummary::ratePerMinute).thenComparing(ConsultantSummary::name).thenComparing(ConsultantSummary::userId);

    private final String nodeId;
    private volatile List<NodeListing> others = List.of();
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Set<String>>> arrivals = new CopyOnWriteArrayList<>();
    private final List<Runnable> rejoins = new CopyOnWriteArrayList<>();
    private volatile Supplier<CompletionStage<Void>> refresher = () -> CompletableFuture.completedFuture(null);

    /** @param nodeId this node's name in the cluster */
    public ClusterDirectory(String nodeId) {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("the cluster directory needs this node's id");
        }
        this.nodeId = nodeId;
    }

    /** For a single node that is never part of a cluster. */
    public ClusterDirectory() {
        this(SINGLE_NODE);
    }

    public String nodeId() {
        return nodeId;
    }

    /** The other nodes' listings, as the registry last read them; replaces what was there. */
    public void replaceOthers(List<NodeListing> listings) {
        List<NodeListing> before;
        synchronized (this) {
            before = others;
            others = List.copyOf(listings);
        }
        Set<String> left = new HashSet<>();
        for (NodeListing node : before) {
            left.add(node.nodeId());
        }
        Set<String> arrived = new HashSet<>();
        for (NodeListing node : others) {
            if (!left.remove(node.nodeId())) {
                arrived.add(node.nodeId());
            }
        }
        if (!left.isEmpty()) {
            for (Consumer<Set<String>> listener : listeners) {
                listener.accept(Set.copyOf(left));
            }
        }
        if (!arrived.isEmpty()) {
            for (Consumer<Set<String>> listener : arrivals) {
                listener.accept(Set.copyOf(arrived));
            }
        }
    }

    /**
     * Tells the listener which nodes joined the cluster (listed now, not before) each time the registry finds
     * some: a new node, or one taken for dead that was only stalled (its entry expired and is renewed again).
     * Called on the registry's thread.
     */
    public void onNodesArrived(Consumer<Set<String>> listener) {
        arrivals.add(listener);
    }

    /**
     * Tells the listener which nodes left the cluster (listed before, not now) each time the registry finds
     * some: whatever lived on them is gone with them. Called on the registry's thread.
     */
    public void onNodesLeft(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    /**
     * Tells the listener each time the registry finds that this node had been dropped from the cluster and is
     * listed again: the other nodes took it for dead (it stalled past the expiry, or lost Redis that long) and may
     * have carried on what ran here meanwhile. Called on the registry's thread.
     */
    public void onRejoined(Runnable listener) {
        rejoins.add(listener);
    }

    /** The registry found this node dropped by the others and listed it again; see {@link #onRejoined}. */
    public void rejoined() {
        for (Runnable listener : rejoins) {
            listener.run();
        }
    }

    /** How {@link #refreshNow} renews: the node registry's, once it runs. */
    public void refreshWith(Supplier<CompletionStage<Void>> renewal) {
        this.refresher = renewal;
    }

    /**
     * Tells the cluster this node's listing now and reads the others' at once, not at the next heartbeat: a show
     * that just started here is seen elsewhere, one that just started elsewhere is found. Completes when the
     * others' listings are in (at once on a single node); never fails.
     */
    public CompletionStage<Void> refreshNow() {
        return refresher.get();
    }

    public List<NodeListing> others() {
        return others;
    }

    /**
     * Every node's live shows, most watched first. A show this node also lists (a listing read just
     * before it moved here) appears once, as this node sees it.
     */
    public List<ShowSummary> shows(List<ShowSummary> local) {
        return merged(local, NodeListing::shows, ShowSummary::roomId, MOST_WATCHED_FIRST);
    }

    /**
     * Every node's available consultants, cheapest first; a user listed by this node and another
     * (available on two connections) appears once, as this node sees them.
     */
    public List<ConsultantSummary> consultants(List<ConsultantSummary> local) {
        return merged(local, NodeListing::consultants, ConsultantSummary::userId, CHEAPEST_FIRST);
    }

    /** This node's entries and the others', one per key (this node's first), in order. */
    private <T> List<T> merged(List<T> local, Function<NodeListing, List<T>> ofNode, Function<T, String> key,
                               Comparator<T> order) {
        Map<String, T> byKey = new LinkedHashMap<>();
        for (T entry : local) {
            byKey.put(key.apply(entry), entry);
        }
        for (NodeListing node : others) {
            for (T entry : ofNode.apply(node)) {
                byKey.putIfAbsent(key.apply(entry), entry);
            }
        }
        List<T> entries = new ArrayList<>(byKey.values());
        entries.sort(order);
        return entries;
    }

    /**
     * The show ended (its node said so on the bus): no longer listed here, without waiting for the next heartbeat
     * to read its node's entry again, so nobody is sent to a show that is over.
     */
    public synchronized void showEnded(String roomId) {
        List<NodeListing> updated = new ArrayList<>(others.size());
        for (NodeListing node : others) {
            List<ShowSummary> shows = node.shows().stream().filter(show -> !show.roomId().equals(roomId)).toList();
            updated.add(shows.size() == node.shows().size() ? node : new NodeListing(node.nodeId(), node.draining(),
                    node.mediaAddresses(), node.connections(), node.mediaBusyPercent(), shows, node.consultants()));
        }
        others = List.copyOf(updated);
    }

    /** The other node that last listed this consultant as available, if one did. */
    public Optional<String> consultantNode(String userId) {
        for (NodeListing node : others) {
            for (ConsultantSummary consultant : node.consultants()) {
                if (consultant.userId().equals(userId)) {
                    return Optional.of(node.nodeId());
                }
            }
        }
        return Optional.empty();
    }

    /** The other node that last listed this show, if one did. */
    public Optional<String> nodeOf(String roomId) {
        for (NodeListing node : others) {
            for (ShowSummary show : node.shows()) {
                if (show.roomId().equals(roomId)) {
                    return Optional.of(node.nodeId());
                }
            }
        }
        return Optional.empty();
    }
}
