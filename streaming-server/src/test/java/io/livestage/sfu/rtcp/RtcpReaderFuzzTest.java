package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * RTCP, fuzzed. {@link #compound} reads any bytes as a compound packet through every typed view
 * (SR, RR, SDES, BYE, NACK, PLI, FIR, REMB, transport-cc): nothing throws, reads stay inside the
 * datagram (given in an array of exactly its length), the packets tile it, and what each view
 * reports fits the packet it came from. {@link #writtenThenRead} writes every type we send with
 * fuzzed values and reads the same values back.
 */
class RtcpReaderFuzzTest {
    private static final int GUARD = 3;

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void compound(byte[] input) {
        RtcpCompoundReader reader = new RtcpCompoundReader();
        boolean valid = reader.wrap(input, 0, input.length);
        byte[] framed = new byte[input.length + 2 * GUARD];
        System.arraycopy(input, 0, framed, GUARD, input.length);
        RtcpCompoundReader shifted = new RtcpCompoundReader();
        assertEquals(valid, shifted.wrap(framed, GUARD, input.length), "validity depends on the offset");
        if (!valid) {
            assertEquals(RtcpKind.END, reader.next());
            return;
        }
        List<String> kinds = new ArrayList<>();
        int expectedOffset = 0;
        for (RtcpKind kind = reader.next(); kind != RtcpKind.END; kind = reader.next()) {
            int offset = reader.packetOffset();
            int total = 4 * (((input[offset + 2] & 0xFF) << 8 | (input[offset + 3] & 0xFF)) + 1);
            assertEquals(expectedOffset, offset, "packets tile the compound");
            expectedOffset += total;
            assertTrue(reader.packetLength() >= 4 && reader.packetLength() <= total);
            kinds.add(kind + "@" + offset + ":" + describe(kind, reader));
            RtcpKind again = shifted.next();
            assertEquals(kind, again);
            assertEquals(offset + GUARD, shifted.packetOffset());
            assertEquals(kinds.get(kinds.size() - 1), again + "@" + offset + ":" + describe(again, shifted),
                    "a view reads differently at another offset");
        }
        assertEquals(input.length, expectedOffset, "the packets cover the datagram");
        assertEquals(RtcpKind.END, shifted.next());
    }

    /** Reads every field of the current packet and checks it fits; returns them as text to compare. */
    private static String describe(RtcpKind kind, RtcpCompoundReader reader) {
        int len = reader.packetLength();
        StringBuilder out = new StringBuilder();
        switch (kind) {
            case SENDER_REPORT -> {
                SenderReport sr = reader.senderReport();
                assertTrue(28 + 24 * sr.reportBlockCount() <= len);
                out.append(sr.senderSsrc()).append(sr.ntpTimestamp()).append(sr.rtpTimestamp())
                        .append(sr.senderPacketCount()).append(sr.senderOctetCount());
                blocks(sr, out);
            }
            case RECEIVER_REPORT -> {
                ReceiverReport rr = reader.receiverReport();
                assertTrue(8 + 24 * rr.reportBlockCount() <= len);
                out.append(rr.senderSsrc());
                blocks(rr, out);
            }
            case SDES -> {
                SdesPacket sdes = reader.sdes();
                int chunks = 0;
                while (sdes.nextChunk()) {
                    chunks++;
                    out.append(sdes.chunkSsrc()).append('=').append(sdes.cname()).append(';');
                    if (sdes.cnameOffset() >= 0) {
                        int start = sdes.cnameOffset() - reader.packetOffset();
                        assertTrue(start >= 8 && start + sdes.cnameLength() <= len, "CNAME outside its packet");
                    }
                }
                assertEquals(sdes.chunkCount(), chunks);
            }
            case BYE -> {
                ByePacket bye = reader.bye();
                assertTrue(4 + 4 * bye.ssrcCount() <= len);
                for (int i = 0; i < bye.ssrcCount(); i++) {
                    out.append(bye.ssrc(i)).append(',');
                }
                if (bye.reasonOffset() >= 0) {
                    int start = bye.reasonOffset() - reader.packetOffset();
                    assertTrue(start + bye.reasonLength() <= len, "BYE reason outside its packet");
                    out.append(bye.reasonLength());
                }
            }
            case NACK -> {
                GenericNack nack = reader.nack();
                assertTrue(12 + 4 * nack.entryCount() <= len && nack.entryCount() >= 1);
                int[] lost = new int[40];
                int written = nack.lostSequenceNumbers(lost);
                assertEquals(Math.min(nack.lostCount(), lost.length), written);
                out.append(nack.senderSsrc()).append(nack.mediaSsrc()).append(Arrays.toString(Arrays.copyOf(lost, written)));
            }
            case PLI -> out.append(reader.pli().senderSsrc()).append(reader.pli().mediaSsrc());
            case FIR -> {
                FullIntraRequest fir = reader.fir();
                assertTrue(12 + 8 * fir.entryCount() <= len && fir.entryCount() >= 1);
                for (int i = 0; i < fir.entryCount(); i++) {
                    out.append(fir.entrySsrc(i)).append('/').append(fir.entrySequenceNumber(i)).append(',');
                }
            }
            case REMB -> {
                Remb remb = reader.remb();
                assertTrue(20 + 4 * remb.ssrcCount() <= len);
                assertTrue(remb.bitrate() >= 0, "a REMB bitrate is never negative");
                out.append(remb.bitrate());
                for (int i = 0; i < remb.ssrcCount(); i++) {
                    out.append(',').append(remb.ssrc(i));
                }
            }
            case TRANSPORT_CC -> {
                TransportCcFeedback feedback = reader.transportCc();
                int count = feedback.packetStatusCount();
                assertTrue(count <= TransportCcFeedback.MAX_STATUS_COUNT, "statuses are capped");
                int received = 0;
                for (int i = 0; i < count; i++) {
                    int status = feedback.status(i);
                    int delta = feedback.deltaTicks(i);
                    assertTrue(status >= 0 && status <= 2);
                    if (status == TransportCcFeedback.NOT_RECEIVED) {
                        assertEquals(0, delta);
                    } else {
                        received++;
                    }
                    if (status == TransportCcFeedback.SMALL_DELTA) {
                        assertTrue(delta >= 0 && delta <= 255);
                    }
                    assertEquals((feedback.baseSequenceNumber() + i) & 0xFFFF, feedback.sequenceNumber(i));
                }
                // Each received packet's delta takes at least one byte after the 20-byte header.
                assertTrue(20 + received <= len, "more deltas than the packet holds");
                out.append(feedback.baseSequenceNumber()).append('+').append(count).append('@')
                        .append(feedback.referenceTime()).append('#').append(feedback.feedbackPacketCount());
            }
            default -> out.append(reader.packetType()).append('/').append(reader.countOrFormat());
        }
        return out.toString();
    }

    private static void blocks(RtcpReportPacket report, StringBuilder out) {
        for (int i = 0; i < report.reportBlockCount(); i++) {
            out.append('[').append(report.blockSsrc(i)).append(report.blockFractionLost(i))
                    .append(report.blockCumulativeLost(i)).append(report.blockExtendedHighestSequence(i))
                    .append(report.blockJitter(i)).append(report.blockLastSenderReport(i))
                    .append(report.blockDelaySinceLastSenderReport(i)).append(']');
        }
    }

    /** Every packet type we send, written with fuzzed values into one compound, reads back the same. */
    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void writtenThenRead(FuzzedDataProvider data) {
        byte[] buf = new byte[4096];
        int p = 0;
        long ssrc = data.consumeLong(0, 0xFFFF_FFFFL);
        long media = data.consumeLong(0, 0xFFFF_FFFFL);

        long ntp = data.consumeLong();
        long rtp = data.consumeLong(0, 0xFFFF_FFFFL);
        int blocks = data.consumeInt(0, 3);
        p += RtcpReportWriter.writeSenderReport(buf, p, ssrc, ntp, rtp, 7, 9, blocks);
        long[][] block = new long[blocks][];
        for (int i = 0; i < blocks; i++) {
            block[i] = new long[] {data.consumeLong(0, 0xFFFF_FFFFL), data.consumeInt(0, 255),
                    data.consumeInt(-0x800000, 0x7FFFFF), data.consumeLong(0, 0xFFFF_FFFFL),
                    data.consumeLong(0, 0xFFFF_FFFFL), data.consumeLong(0, 0xFFFF_FFFFL), data.consumeLong(0, 0xFFFF_FFFFL)};
            p += RtcpReportWriter.writeReportBlock(buf, p, block[i][0], (int) block[i][1], (int) block[i][2],
                    block[i][3], block[i][4], block[i][5], block[i][6]);
        }
        byte[] cname = data.consumeBytes(data.consumeInt(1, 255));
        if (cname.length == 0) {
            cname = new byte[] {'x'};
        }
        p += RtcpSdesWriter.writeCname(buf, p, ssrc, cname);

        int[] lost = new int[data.consumeInt(1, 60)];
        int sequence = data.consumeInt(0, 0xFFFF);
        for (int i = 0; i < lost.length; i++) {
            lost[i] = sequence;
            sequence = (sequence + data.consumeInt(1, 40)) & 0xFFFF;
        }
        p += RtcpFeedbackWriter.writeNack(buf, p, ssrc, media, lost, lost.length);
        p += RtcpFeedbackWriter.writePli(buf, p, ssrc, media);
        int firSequence = data.consumeInt(0, 255);
        p += RtcpFeedbackWriter.writeFir(buf, p, ssrc, media, firSequence);
        long bitrate = data.consumeLong(0, Long.MAX_VALUE);
        long[] targets = {media, ssrc};
        p += RtcpFeedbackWriter.writeRemb(buf, p, ssrc, bitrate, targets, 2);

        TransportCcFeedbackWriter tcc = new TransportCcFeedbackWriter(1200);
        int base = data.consumeInt(0, 0xFFFF);
        int reference = data.consumeInt(0, 0xFFFFFF);
        int feedbackCount = data.consumeInt(0, 255);
        tcc.begin(base, reference, feedbackCount, data.consumeInt(TransportCcFeedbackWriter.MIN_LENGTH, 1200));
        List<Integer> statuses = new ArrayList<>();
        List<Integer> deltas = new ArrayList<>();
        int wanted = data.consumeInt(1, 3000);
        for (int i = 0; i < wanted && data.remainingBytes() > 0; i++) {
            int kind = data.consumeInt(0, 2);
            boolean added;
            if (kind == 0) {
                added = tcc.addNotReceived();
                if (added) {
                    statuses.add(0);
                    deltas.add(0);
                }
            } else {
                int delta = kind == 1 ? data.consumeInt(0, 255) : data.consumeInt(Short.MIN_VALUE, Short.MAX_VALUE);
                added = tcc.addReceived(delta);
                if (added) {
                    statuses.add(delta >= 0 && delta <= 255 ? 1 : 2);
                    deltas.add(delta);
                }
            }
            if (!added) {
                break;
            }
        }
        int tccLength = statuses.isEmpty() ? 0 : tcc.write(buf, p, ssrc, media);
        assertTrue(tccLength <= 1200);
        assertEquals(statuses.isEmpty() ? 0 : tcc.length(), tccLength);
        p += tccLength;

        RtcpCompoundReader reader = new RtcpCompoundReader();
        byte[] datagram = Arrays.copyOf(buf, p);
        assertTrue(reader.wrap(datagram, 0, p), "what we write is a well-formed compound");

        assertEquals(RtcpKind.SENDER_REPORT, reader.next());
        SenderReport sr = reader.senderReport();
        assertEquals(ssrc, sr.senderSsrc());
        assertEquals(ntp, sr.ntpTimestamp());
        assertEquals(rtp, sr.rtpTimestamp());
        assertEquals(blocks, sr.reportBlockCount());
        for (int i = 0; i < blocks; i++) {
            assertEquals(block[i][0], sr.blockSsrc(i));
            assertEquals(block[i][1], sr.blockFractionLost(i));
            assertEquals(block[i][2], sr.blockCumulativeLost(i));
            assertEquals(block[i][3], sr.blockExtendedHighestSequence(i));
            assertEquals(block[i][4], sr.blockJitter(i));
            assertEquals(block[i][5], sr.blockLastSenderReport(i));
            assertEquals(block[i][6], sr.blockDelaySinceLastSenderReport(i));
        }

        assertEquals(RtcpKind.SDES, reader.next());
        SdesPacket sdes = reader.sdes();
        assertTrue(sdes.nextChunk());
        assertEquals(ssrc, sdes.chunkSsrc());
        assertEquals(cname.length, sdes.cnameLength());
        assertEquals(new String(cname, StandardCharsets.UTF_8), sdes.cname());

        assertEquals(RtcpKind.NACK, reader.next());
        GenericNack nack = reader.nack();
        assertEquals(media, nack.mediaSsrc());
        int[] read = new int[nack.lostCount()];
        nack.lostSequenceNumbers(read);
        TreeSet<Integer> sent = new TreeSet<>();
        Arrays.stream(lost).forEach(sent::add);
        TreeSet<Integer> back = new TreeSet<>();
        Arrays.stream(read).forEach(back::add);
        // At most 60 steps of at most 40: ascending modulo 2^16, as writeNack asks.
        assertEquals(sent, back, "the NACK names exactly the lost packets");

        assertEquals(RtcpKind.PLI, reader.next());
        assertEquals(media, reader.pli().mediaSsrc());
        assertEquals(RtcpKind.FIR, reader.next());
        assertEquals(media, reader.fir().entrySsrc(0));
        assertEquals(firSequence, reader.fir().entrySequenceNumber(0));

        assertEquals(RtcpKind.REMB, reader.next());
        Remb remb = reader.remb();
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(bitrate) - 18);
        assertEquals(bitrate >>> shift << shift, remb.bitrate(), "REMB keeps 18 significant bits");
        assertEquals(2, remb.ssrcCount());
        assertEquals(media, remb.ssrc(0));

        if (!statuses.isEmpty()) {
            assertEquals(RtcpKind.TRANSPORT_CC, reader.next());
            TransportCcFeedback feedback = reader.transportCc();
            assertEquals(base, feedback.baseSequenceNumber());
            assertEquals((reference << 8) >> 8, feedback.referenceTime());
            assertEquals(feedbackCount, feedback.feedbackPacketCount());
            assertEquals(statuses.size(), feedback.packetStatusCount());
            for (int i = 0; i < statuses.size(); i++) {
                assertEquals(statuses.get(i), feedback.status(i), "status " + i);
                assertEquals(deltas.get(i), feedback.deltaTicks(i), "delta " + i);
            }
        }
        assertEquals(RtcpKind.END, reader.next());
    }
}
