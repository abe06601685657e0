package io.livestage.loadtest.show;

import java.net.URI;
import java.util.Objects;

/**
 * Another node of a cluster that serves some of the show's subscribers (it receives the show from the
 * publisher's node through its relay).
 *
 * @param url its signaling WebSocket
 * @param pid its process id, to measure its CPU time; 0 for none
 */
public record EdgeNode(URI url, long pid) {
    public EdgeNode {
        Objects.requireNonNull(url, "url");
        if (pid < 0) {
            throw new IllegalArgumentException("a process id is not negative: " + pid);
        }
    }
}
