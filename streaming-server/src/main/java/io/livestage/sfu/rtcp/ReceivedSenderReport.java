package io.livestage.sfu.rtcp;

/**
 * The last sender report received for one incoming stream (a publisher's track): what our
 * receiver reports echo to it (LSR, DLSR; RFC 3550 section 6.4.1) and the publisher's NTP↔RTP
 * mapping, from which the sender reports we send to subscribers take their RTP timestamps.
 *
 * <p>Not thread-safe: owned by the producer, on its event loop.
 */
public final class ReceivedSenderReport {

    private static final long NTP_FRACTION_MASK = 0xFFFF_FFFFL;

    private boolean received;
    private long ntpTimestamp;
    private long rtpTimestamp;
    private long arrivalNanos;

    /** Records a sender report of this stream that arrived at the monotonic time {@code nowNanos}. */
    public void onSenderReport(SenderReport report, long nowNanos) {
        record(report.ntpTimestamp(), report.rtpTimestamp(), nowNanos);
    }

    /** As {@link #onSenderReport}, from the report's fields. */
    public void record(long ntpTimestamp, long rtpTimestamp, long nowNanos) {
        this.received = true;
        this.ntpTimestamp = ntpTimestamp;
        this.rtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        this.arrivalNanos = nowNanos;
    }

    public boolean received() {
        return received;
    }

    /** LSR: the middle 32 bits of the report's NTP timestamp, or 0 before any report (as RFC 3550 asks). */
    public long lastSenderReport() {
        return received ? NtpClock.compact(ntpTimestamp) : 0;
    }

    /** DLSR: the time since the report arrived in 1/65536 s, or 0 before any report. */
    public long delaySinceLastSenderReport(long nowNanos) {
        return received ? NtpClock.compactOf(nowNanos - arrivalNanos) : 0;
    }

    /**
     * The stream's RTP timestamp at NTP time {@code ntpTimestamp}, extrapolated from the last report
     * at {@code clockRate} Hz; meaningful only once {@link #received()}.
     *
     * <p>Our own NTP time is placed directly on the publisher's NTP timeline. Every track of one
     * publisher shares that timeline, so the audio and video sender reports we send keep exactly
     * the publisher's relation between them and viewers lip-sync as the publisher intended; a
     * difference between the two clocks only shifts every track alike. Mapping through the reports'
     * arrival times instead would add the difference of their network delays to the A/V offset.
     * Callers that rewrite RTP timestamps add their own offset to the result (modulo 2^32).
     */
    public long rtpTimestampAt(long ntpTimestamp, int clockRate) {
        long elapsed = ntpTimestamp - this.ntpTimestamp;
        // Whole seconds and the 32-bit fraction separately, so long gaps cannot overflow.
        long ticks = (elapsed >> 32) * clockRate + (((elapsed & NTP_FRACTION_MASK) * clockRate) >>> 32);
        return (rtpTimestamp + ticks) & 0xFFFF_FFFFL;
    }
}
