package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * An offer we made to a subscriber, kept to check its answer against.
 *
 * @param sdp the offer to send in {@code media.offer}
 * @param sessionId the o= session id, the same for every offer of a subscription
 * @param sessionVersion the o= version, one higher than the previous offer's
 * @param sections every m-section in order, closed ones included (m-lines never disappear)
 */
public record SubscriberOffer(String sdp, long sessionId, long sessionVersion, List<SubscriberSection> sections) {

    public SubscriberOffer {
        sections = List.copyOf(sections);
    }

    /** The mids of the BUNDLE group; the first is the tag whose transport every section shares. */
    public List<String> bundleMids() {
        List<String> mids = new ArrayList<>();
        for (SubscriberSection section : sections) {
            if (section.bundled()) {
                mids.add(section.mid());
            }
        }
        return mids;
    }

    public SubscriberSection section(String mid) {
        for (SubscriberSection section : sections) {
            if (section.mid().equals(mid)) {
                return section;
            }
        }
        return null;
    }

    /** The section forwarding {@code track}, or null when this offer does not send it. */
    public SubscriberSection sending(OutgoingTrack track) {
        for (SubscriberSection section : sections) {
            if (section.state() == SectionState.SENDING && section.track().equals(track)) {
                return section;
            }
        }
        return null;
    }
}
