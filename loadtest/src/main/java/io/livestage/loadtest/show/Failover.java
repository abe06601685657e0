package io.livestage.loadtest.show;

import io.livestage.loadtest.scenario.LatencySummary;
import java.io.PrintStream;

/**
 * What happened to subscribers whose node went away, with {@code --failover}: each started again through
 * another node after the web client's backoff, and the time from losing its connection to the first packet
 * through the new node is its outage.
 *
 * @param lost     subscribers whose signaling connection to their node closed during the run
 * @param back     of those, how many received media again through another node
 * @param outageMs outage of each that came back, in milliseconds
 */
record Failover(long lost, long back, LatencySummary outageMs) {

    void print(PrintStream out) {
        out.printf("failover     %d subscribers lost their node, %d watch again through another; outage (connection"
                        + " lost to first packet) p50 %,d ms  p99 %,d ms  max %,d ms%n", lost, back, outageMs.p50(),
                outageMs.p99(), outageMs.max());
    }
}
