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

/**
 * A publisher's incoming tracks by SSRC, from the SSRCs its offer announced, plus streams it
 * did not announce but labelled with a known MID (RFC 8843), up to a bound. RTX SSRCs map to
 * the track they repair. Used only on the transport's event loop; lookups do not box.
 */
final class ProducerTable {
    /** A peer cannot make us track more streams than a phone plausibly sends. */
    private static final int MAX_LEARNED = 8;

    private final LongObjectMap<Producer> media = new LongObjectHashMap<>();
    private final LongObjectMap<Producer> rtx = new LongObjectHashMap<>();
    private final Map<String, AcceptedMedia> byMid = new HashMap<>();
    private final List<Producer> all = new ArrayList<>();
    private final List<Producer> announced;
    private final int midExtensionId;
    private int learned;

    ProducerTable(List<AcceptedMedia> sections) {
        int midId = -1;
        for (AcceptedMedia section : sections) {
            if (section.direction() == MediaDirection.INACTIVE) {
                continue;
            }
            byMid.put(section.mid(), section);
            midId = Math.max(midId, section.extensionId(HeaderExtension.MID));
            Set<Long> repairSsrcs = new HashSet<>();
            for (SsrcGroup group : section.ssrcGroups()) {
                if (group.semantics().equals(SsrcGroup.FID) && group.ssrcs().size() == 2) {
                    repairSsrcs.add(group.ssrcs().get(1));
                }
            }
            for (SsrcDescription ssrc : section.ssrcs()) {
                if (!repairSsrcs.contains(ssrc.ssrc()) && !media.containsKey(ssrc.ssrc())) {
                    add(section, ssrc.ssrc(), section.rtxSsrc(ssrc.ssrc()), ssrc.cname(), ssrc.msid());
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
        this.announced = List.copyOf(all);
    }

    Producer media(long ssrc) {
        return media.get(ssrc);
    }

    Producer repairedBy(long ssrc) {
        return rtx.get(ssrc);
    }

    /** A track for an unannounced SSRC whose packet names an accepted MID; null otherwise. */
    Producer learn(RtpPacket packet) {
        if (midExtensionId < 0 || learned >= MAX_LEARNED) {
            return null;
        }
        int at = packet.findExtension(midExtensionId);
        if (at < 0) {
            return null;
        }
        AcceptedMedia section = byMid.get(new String(packet.buffer(), at, packet.foundExtensionLength(), StandardCharsets.US_ASCII));
        if (section == null) {
            return null;
        }
        learned++;
        return add(section, packet.ssrc(), -1, null, null);
    }

    List<Producer> all() {
        return all;
    }

    /** The tracks the offer announced; fixed at construction, so readable from any thread. */
    List<Producer> announced() {
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
