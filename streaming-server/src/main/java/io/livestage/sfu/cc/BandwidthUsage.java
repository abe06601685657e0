package io.livestage.sfu.cc;

/** What the delay trend says about the path to a subscriber (draft-ietf-rmcat-gcc, section 5.4). */
enum BandwidthUsage {
    /** Queues are neither filling nor draining noticeably. */
    NORMAL,
    /** Queues have been filling for a while: we send more than the path carries. */
    OVERUSING,
    /** Queues are draining: hold the rate until they have emptied. */
    UNDERUSING
}
