package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.SsrcDescription;
import io.livestage.sfu.sdp.SsrcGroup;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A publisher's incoming streams by SSRC, from the SSRCs its offer announced, plus streams it did
 * not announce but labelled with a known MID (RFC 8843), up to a bound. RTX SSRCs map to the
 * stream they repair. A simulcast section announces no SSRCs: each layer's is learned from the
 * first packet naming its rid (RID header extension, RFC 8852), its RTX stream's from the
 * repaired-RID. A section that announces its layers' SSRCs ({@code a=ssrc-group:SIM}, as our relays
 * between nodes do) has them all from the start. Used only on the transport's event loop; lookups do not box.
 */
final class ProducerTable {
    /** A peer cannot make us track more streams than a phone plausibly sends. */
    private static final int MAX_LEARNED = 8;

    private final LongObjectMap<Producer> media = new LongObjectHashMap<>();
    private final LongObjectMap<Producer> rtx = new LongObjectHashMap<>();
    private final Map<String, AcceptedMedia> byMid = new HashMap<>();
    private final Map<String, MediaSource> simulcastByMid = new HashMap<>();
    private final List<Producer> all = new ArrayList<>();
    private final List<MediaSource> sources = new ArrayList<>();
    private final List<MediaSource> announced;
    private final int midExtensionId;
    private final int ridExtensionId;
    private final int repairedRidExtensionId;
    private int learned;

    ProducerTable(List<AcceptedMedia> sections) {
        int midId = -1;
        int ridId = -1;
        int repairedId = -1;
        String publisherCname = null;
        for (AcceptedMedia section : sections) {
            for (SsrcDescription ssrc : section.ssrcs()) {
                publisherCname = publisherCname == null ? ssrc.cname() : publisherCname;
            }
        }
        for (AcceptedMedia section : sections) {
            if (section.direction() == MediaDirection.INACTIVE) {
                continue;
            }
            midId = Math.max(midId, section.extensionId(HeaderExtension.MID));
            List<Long> ssrcLayers = section.ssrcLayers();
            if (!ssrcLayers.isEmpty()) {
                // Its streams are all announced: an SSRC it did not name is none of its layers, so not learned.
                sources.add(addLayers(section, ssrcLayers, publisherCname));
                continue;
            }
            byMid.put(section.mid(), section);
            if (section.simulcast()) {
                ridId = Math.max(ridId, section.extensionId(HeaderExtension.RID));
                repairedId = Math.max(repairedId, section.extensionId(HeaderExtension.REPAIRED_RID));
                MediaSource source = new MediaSource(simulcastDescription(section, publisherCname), section.rids());
                simulcastByMid.put(section.mid(), source);
                sources.add(source);
                continue;
            }
            Set<Long> repairSsrcs = new HashSet<>();
            for (SsrcGroup group : section.ssrcGroups()) {
                if (group.semantics().equals(SsrcGroup.FID) && group.ssrcs().size() == 2) {
                    repairSsrcs.add(group.ssrcs().get(1));
                }
            }
            for (SsrcDescription ssrc : section.ssrcs()) {
                if (!repairSsrcs.contains(ssrc.ssrc()) && !media.containsKey(ssrc.ssrc())) {
                    sources.add(add(section, ssrc.ssrc(), section.rtxSsrc(ssrc.ssrc()), ssrc.cname(), ssrc.msid())
                            .source());
                }
            }
            for (SsrcGroup group : section.ssrcGroups()) {
                Producer repaired = group.semantics().equals(SsrcGroup.FID) && group.ssrcs().size() == 2
                        ? media.get(group.ssrcs().get(0)) : null;
                if (repaired != null) {
                    rtx.put(group.ssrcs().get(1), repaired);
                }
            }
        }
        this.midExtensionId = midId;
        this.ridExtensionId = ridId;
        this.repairedRidExtensionId = repairedId;
        this.announced = List.copyOf(sources);
    }

    /**
     * How subscribers know a simulcast track: SSRCs of our own (theirs is one stream whichever layer
     * it carries), an RTX SSRC when the publisher repairs its layers, the publisher's CNAME from its
     * other sections for lip sync, and no RID extensions (the subscriber gets no layers).
     */
    private static TrackDescription simulcastDescription(AcceptedMedia section, String cname) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long ssrc = random.nextLong(1, 0x1_0000_0000L);
        boolean repairs = section.codecs().stream().anyMatch(codec -> codec.isRtx());
        long rtxSsrc = repairs ? (ssrc + 1 + random.nextLong(0xFFFF)) & 0xFFFF_FFFFL : -1;
        return new TrackDescription(section.mid(), section.kind(), ssrc, rtxSsrc, cname, section.msid(),
                section.codecs(), section.extensions().stream().filter(extension -> !extension.uri().equals(
                        HeaderExtension.RID) && !extension.uri().equals(HeaderExtension.REPAIRED_RID)).toList());
    }

    /** A track whose layers the section announced in SSRCs (a relay from another node): each layer's producer at once. */
    private MediaSource addLayers(AcceptedMedia section, List<Long> ssrcLayers, String cname) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ssrcLayers.size(); i++) {
            names.add(Integer.toString(i));
        }
        MediaSource source = new MediaSource(simulcastDescription(section, cname), names);
        TrackDescription track = source.description();
        for (int i = 0; i < ssrcLayers.size(); i++) {
            long ssrc = ssrcLayers.get(i);
            Producer layer = new Producer(new TrackDescription(track.mid(), track.kind(), ssrc, -1, track.cname(),
                    track.msid(), track.codecs(), track.extensions()), source, i);
            source.setLayer(i, layer);
            media.put(ssrc, layer);
            all.add(layer);
            long rtxSsrc = section.rtxSsrc(ssrc);
            if (rtxSsrc != -1) {
                rtx.put(rtxSsrc, layer);
            }
        }
        return source;
    }

    Producer media(long ssrc) {
        return media.get(ssrc);
    }

    Producer repairedBy(long ssrc) {
        return rtx.get(ssrc);
    }

    /**
     * A stream for an unannounced SSRC: a simulcast layer (or its RTX stream) named by its rid, or a
     * stream whose packet names an accepted MID. Null when it is none of these, or the RTX stream
     * of a layer (recorded, so its later packets count as retransmissions).
     */
    Producer learn(RtpPacket packet) {
        if (learned >= MAX_LEARNED) {
            return null;
        }
        String mid = extensionText(packet, midExtensionId);
        MediaSource simulcast = mid != null ? simulcastByMid.get(mid)
                : simulcastByMid.size() == 1 ? simulcastByMid.values().iterator().next() : null;
        if (simulcast != null) {
            return learnLayer(simulcast, packet);
        }
        AcceptedMedia section = mid == null ? null : byMid.get(mid);
        if (section == null) {
            return null;
        }
        learned++;
        Producer producer = add(section, packet.ssrc(), -1, null, null);
        sources.add(producer.source());
        return producer;
    }

    private Producer learnLayer(MediaSource source, RtpPacket packet) {
        String rid = extensionText(packet, ridExtensionId);
        if (rid != null) {
            int index = source.layerOf(rid);
            TrackDescription track = source.description();
            Producer layer = index < 0 ? null : new Producer(new TrackDescription(track.mid(), track.kind(),
                    packet.ssrc(), -1, track.cname(), track.msid(), track.codecs(), track.extensions()), source, index);
            // An unknown rid, or a second SSRC for a layer: not a stream we take.
            if (layer == null || !source.setLayer(index, layer)) {
                return null;
            }
            learned++;
            media.put(packet.ssrc(), layer);
            all.add(layer);
            return layer;
        }
        String repairedRid = extensionText(packet, repairedRidExtensionId);
        Producer repaired = repairedRid == null ? null : source.layer(source.layerOf(repairedRid));
        if (repaired != null) {
            learned++;
            rtx.put(packet.ssrc(), repaired);
        }
        return null;
    }

    private static String extensionText(RtpPacket packet, int id) {
        int at = id < 0 ? -1 : packet.findExtension(id);
        return at < 0 ? null : new String(packet.buffer(), at, packet.foundExtensionLength(), StandardCharsets.US_ASCII);
    }

    /** Every stream, announced or learned. */
    List<Producer> all() {
        return all;
    }

    /** Every track, announced or learned from a MID. */
    List<MediaSource> sources() {
        return sources;
    }

    /** The tracks the offer announced; fixed at construction, so readable from any thread. */
    List<MediaSource> announced() {
        return announced;
    }

    private Producer add(AcceptedMedia section, long ssrc, long rtxSsrc, String cname, String msid) {
        Producer producer = new Producer(new TrackDescription(section.mid(), section.kind(), ssrc, rtxSsrc, cname, msid,
                section.codecs(), section.extensions()));
        media.put(ssrc, producer);
        all.add(producer);
        return producer;
    }
}
