package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Offer fixtures from test resources, and a local transport to answer with. */
public final class SdpFixtures {

    public static final String CHROME = "chrome-publish.sdp";
    static final String CHROME_SENDONLY_DATACHANNEL = "chrome-sendonly-datachannel.sdp";
    public static final String SAFARI = "safari-h264.sdp";
    /** Chromium 156 publishing audio and three VP8 simulcast layers (q, h, f; L1T3) as the web client does. */
    public static final String CHROME_SIMULCAST = "chrome-simulcast.sdp";

    static final String OUR_FINGERPRINT =
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
    static final LocalTransportDescription LOCAL = new LocalTransportDescription(
            new IceCredentials("lsUfrag1", "lsPassword0123456789abcd"), OUR_FINGERPRINT,
            List.of(new HostCandidate("127.0.0.1", 10000), new HostCandidate("::1", 10000)));

    private SdpFixtures() {
    }

    public static String load(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of an SDP, for assertions on exact lines. */
    static List<String> lines(String sdp) {
        return List.of(sdp.split("\r\n"));
    }

    /** The lines of the m-section with {@code mid}, from its m= line to the next m= line. */
    static List<String> section(String sdp, String mid) {
        List<String> lines = lines(sdp);
        int start = -1;
        for (int i = 0; i <= lines.size(); i++) {
            boolean boundary = i == lines.size() || lines.get(i).startsWith("m=");
            if (boundary && start >= 0 && lines.subList(start, i).contains("a=mid:" + mid)) {
                return lines.subList(start, i);
            }
            if (boundary) {
                start = i;
            }
        }
        return List.of();
    }
}
