package io.livestage.signaling.cluster;

/**
 * Whether this node is draining: it finishes the shows and calls it has and starts none. Set once
 * by the server API ({@code POST /api/node/drain}) or a shutdown with {@code shutdown.drainSeconds};
 * a draining node never serves new work again (restart it). Any thread.
 */
public final class NodeDrain {
    /** The {@code reason} of the refusals and of the {@code reconnect} hint. */
    public static final String REASON = "draining";

    private volatile long sinceMillis = -1;

    /** @return true when this call began the drain, false when it was already draining */
    public synchronized boolean start() {
        if (sinceMillis >= 0) {
            return false;
        }
        sinceMillis = System.currentTimeMillis();
        return true;
    }

    public boolean draining() {
        return sinceMillis >= 0;
    }

    /** When the drain began (epoch ms), or -1. */
    public long sinceMillis() {
        return sinceMillis;
    }

    /** Why {@code what} cannot start here while draining: the message of an {@code unavailable} refusal. */
    public static String refusal(String what) {
        return "this node is draining and starts no new " + what + "; connect again to reach another node";
    }
}
