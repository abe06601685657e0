package io.livestage.sfu.sdp;

/** One of our UDP host candidates: the announced address and the media port. */
public record HostCandidate(String address, int port) {
}
