package io.livestage.loadtest.show;

import io.livestage.loadtest.scenario.LatencySummary;
import java.io.PrintStream;

/**
 * What happened to subscribers whose node went away or drained, with {@code --failover}: each started again
 * through another node (after the web client's backoff when its connection closed, at once after the delay a
 * draining node's {@code reconnect} hint asked for), and the time from leaving its node to the first packet
 * through the new one is its outage.
 *
 * @param lost     subscribers whose signaling connection to their node closed during the run
 * @param hinted   subscribers whose node asked them to reconnect (it drains), who left it on their own
 * @param back     of both, how many received media again through another node
 * @param outageMs outage of each that came back, in milliseconds
 */
record Failover(long lost, long hinted, long back, LatencySummary outageMs) {

    void print(PrintStream out) {
        out.printf("failover     %d subscribers lost their node, %d left one that asked them to reconnect, %d watch"
                        + " again through another; outage (node left to first packet) p50 %,d ms  p99 %,d ms  max %,d ms%n",
                lost, hinted, back, outageMs.p50(), outageMs.p99(), outageMs.max());
    }
}
