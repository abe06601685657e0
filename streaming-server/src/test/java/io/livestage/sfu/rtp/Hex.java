package io.livestage.sfu.rtp;

import java.util.HexFormat;

/** Test fixtures written as hex, spaces and line breaks allowed. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    public static String of(byte[] buf, int off, int len) {
        return HexFormat.of().formatHex(buf, off, off + len);
    }
}
