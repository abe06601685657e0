package io.livestage.sfu.ice;

import java.util.HexFormat;

/** RFC 5769 STUN test vectors (sections 2.1 and 2.2). */
final class Rfc5769Vectors {

    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final String REQUEST_RECEIVER_UFRAG = "evtj";
    static final String REQUEST_SENDER_UFRAG = "h6vY";
    static final byte[] TRANSACTION_ID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    /** Sample request: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY", MESSAGE-INTEGRITY, FINGERPRINT. */
    static byte[] request() {
        return HexFormat.of().parseHex(""
                + "000100582112a442b7e7a701bc34d686fa87dfae"
                + "802200105354554e207465737420636c69656e74"
                + "002400046e0001ff"
                + "80290008932ff9b151263b36"
                + "000600096576746a3a68367659202020"
                + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
                + "80280004e57a3bcf");
    }

    /** Sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853, keyed with the same password. */
    static byte[] ipv4Response() {
        return HexFormat.of().parseHex(""
                + "0101003c2112a442b7e7a701bc34d686fa87dfae"
                + "8022000b7465737420766563746f7220"
                + "002000080001a147e112a643"
                + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
                + "80280004c07d4c96");
    }

    private Rfc5769Vectors() {
    }
}
