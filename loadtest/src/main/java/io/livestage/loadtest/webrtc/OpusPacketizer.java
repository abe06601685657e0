package io.livestage.loadtest.webrtc;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Opus-shaped audio RTP (RFC 7587): one packet per 20 ms at the 48 kHz RTP clock, a TOC byte for
 * 20 ms full-band hybrid frames followed by {@link SyntheticPayload} filler, an audio level that
 * rises and falls, and the marker bit on the first packet (start of a talkspurt).
 */
public final class OpusPacketizer implements MediaSource {

    public static final int SAMPLES_PER_PACKET = OfferBuilder.OPUS_CLOCK_RATE / 50;
    public static final int DEFAULT_PAYLOAD_BYTES = 60;
    /** RFC 6716 TOC: config 15 (hybrid, full band, 20 ms), mono, one frame. */
    static final int TOC = 15 << 3;

    private final long ssrc;
    private final int payloadType;
    private final int payloadBytes;
    private final RtpHeaderWriter header;
    private final byte[] buffer = new byte[1500];
    private int sequence;
    private long timestamp;
    private long packets;

    public OpusPacketizer(long ssrc, int payloadType, int payloadBytes, RtpHeaderWriter header, SplittableRandom random) {
        if (payloadBytes < 2 || payloadBytes > 1000) {
            throw new IllegalArgumentException("payloadBytes must be 2..1000");
        }
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.payloadBytes = payloadBytes;
        this.header = Objects.requireNonNull(header, "header");
        // RFC 3550: random initial sequence number and timestamp.
        this.sequence = random.nextInt(1 << 16);
        this.timestamp = random.nextLong(1L << 32);
    }

    @Override
    public long ssrc() {
        return ssrc;
    }

    @Override
    public String kind() {
        return "audio";
    }

    @Override
    public long unitIntervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(20);
    }

    @Override
    public void emitUnit(long nowNanos, RtpSink sink) {
        // A slow triangle between -20 and -70 dBov with voice activity set: looks like speech to a level meter.
        int level = 20 + (int) Math.abs((packets % 100) - 50);
        int at = header.write(buffer, 0, payloadType, packets == 0, sequence, timestamp, ssrc, nowNanos, 0x80 | level);
        buffer[at] = (byte) TOC;
        SyntheticPayload.fill(buffer, at + 1, payloadBytes - 1, ssrc, sequence, nowNanos);
        sink.packet(buffer, 0, at + payloadBytes);
        packets++;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + SAMPLES_PER_PACKET) & 0xFFFF_FFFFL;
    }
}
