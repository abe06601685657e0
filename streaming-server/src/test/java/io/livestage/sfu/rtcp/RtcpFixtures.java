package io.livestage.sfu.rtcp;

/** Hand-assembled RTCP packets, annotated field by field. */
final class RtcpFixtures {

    /** SR from 0x11223344 with one report block about 0x55667788. */
    static final String SR = "81c8000c 11223344"
            + " e1a2b3c4 d5e6f708" // NTP
            + " 00bc614e" // RTP timestamp 12345678
            + " 00000064 00002710" // 100 packets, 10000 octets
            + " 55667788 19 fffffe 0001000a 00000020 a2b3c4d5 00010000"; // block
    /** RR from 0x11223344 with blocks about 0x55667788 and 0x99aabbcc. */
    static final String RR = "82c9000d 11223344"
            + " 55667788 00 000000 00000005 00000000 00000000 00000000"
            + " 99aabbcc ff 7fffff ffffffff 00001000 12345678 00020000";
    /** SDES with a 16-character CNAME for 0x11223344. */
    static final String SDES = "81ca0006 11223344 0110 6162636465666768696a6b6c6d6e6f70 0000";
    /** SDES with two chunks: a CNAME "ab" after a NAME item, and a NAME "bob" only. */
    static final String SDES_TWO_CHUNKS = "82ca0006 11223344 0201 78 0102 6162 00 55667788 0203 626f62 00 0000";
    static final String BYE = "81cb0001 11223344";
    static final String BYE_WITH_REASON = "82cb0004 11223344 55667788 04 676f6e65 000000";
    /** NACK for 100, 101, 103 and 65535, 0, 15. */
    static final String NACK = "81cd0004 11223344 55667788 00640005 ffff8001";
    static final String PLI = "81ce0002 11223344 55667788";
    static final String FIR = "84ce0004 11223344 00000000 55667788 07000000";
    /** REMB of 93750 * 2^4 = 1.5 Mbit/s for 0x55667788. */
    static final String REMB = "8fce0005 11223344 00000000 52454d42 01 116e36 55667788";
    /**
     * Transport-cc for 20 packets from 1000: a run of 5 small deltas, a 2-bit vector
     * [0,2,1,1,0,0,1] and a 1-bit vector [1,0,1,1,0,0,0,1] (the rest of it unused), then deltas.
     */
    static final String TRANSPORT_CC = "8fcd0009 11223344 55667788 03e8 0014 000102 07"
            + " 2005 c941 ac40"
            + " 0404040404 fff0 08 00 ff 01 02 03 04";

    private RtcpFixtures() {
    }
}
