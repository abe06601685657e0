package io.livestage.sfu.sdp;

/** An ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}). */
public record IceCredentials(String ufrag, String pwd) {
}
