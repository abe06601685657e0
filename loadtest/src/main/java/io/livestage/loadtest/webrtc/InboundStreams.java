package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.netty.util.collection.LongObjectHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Receive statistics per incoming SSRC of one peer, bounded so a stream of invented SSRCs cannot
 * grow it. Arrival times are taken in each stream's RTP clock, known from our offer's payload
 * types. Used on the peer's event loop only.
 */
final class InboundStreams {

    private static final int MAX_STREAMS = 64;

    private final LongObjectHashMap<Stream> streams = new LongObjectHashMap<>();
    private final int[] clockRates = new int[128];

    InboundStreams() {
        Arrays.fill(clockRates, OfferBuilder.VIDEO_CLOCK_RATE);
        clockRates[OfferBuilder.OPUS_PT] = OfferBuilder.OPUS_CLOCK_RATE;
    }

    void onPacket(RtpPacket packet, long nowNanos) {
        Stream stream = streams.get(packet.ssrc());
        if (stream == null) {
            if (streams.size() >= MAX_STREAMS) {
                return;
            }
            stream = new Stream(packet.payloadType(), clockRates[packet.payloadType()]);
            streams.put(packet.ssrc(), stream);
        }
        // Microseconds first keeps the product inside a long for any nanoTime origin.
        stream.stats.onPacket(packet, nowNanos / 1_000 * stream.clockRate / 1_000_000);
    }

    List<ReceivedStreamStats> snapshot() {
        List<ReceivedStreamStats> list = new ArrayList<>(streams.size());
        for (LongObjectHashMap.PrimitiveEntry<Stream> entry : streams.entries()) {
            Stream stream = entry.value();
            RtpReceiveStats s = stream.stats;
            list.add(new ReceivedStreamStats(entry.key(), stream.payloadType, stream.clockRate, s.packets(), s.bytes(),
                    s.cumulativeLost(), s.jitter()));
        }
        return list;
    }

    private static final class Stream {
        final int payloadType;
        final int clockRate;
        final RtpReceiveStats stats = new RtpReceiveStats();

        Stream(int payloadType, int clockRate) {
            this.payloadType = payloadType;
            this.clockRate = clockRate;
        }
    }
}
