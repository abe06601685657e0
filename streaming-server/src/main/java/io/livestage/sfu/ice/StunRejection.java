package io.livestage.sfu.ice;

/** Why a STUN packet was not answered or not accepted; one metrics label value each. */
public enum StunRejection {
    /** Not a well-formed RFC 5389 message (bad header, length, cookie or attribute). */
    MALFORMED,
    /** A valid STUN message, but not a Binding request (indications, other methods, responses). */
    NOT_A_BINDING_REQUEST,
    /** USERNAME missing or not "ourUfrag:theirUfrag". */
    UNKNOWN_UFRAG,
    /** MESSAGE-INTEGRITY missing or not matching the expected password. */
    BAD_INTEGRITY,
    /** FINGERPRINT missing, not the last attribute, or with a wrong CRC. */
    BAD_FINGERPRINT,
    /** The peer claims our role too (as an ICE-lite agent we are always controlled). */
    ROLE_CONFLICT,
    /** Client side: a packet that is not a Binding success response. */
    NOT_A_BINDING_RESPONSE,
    /** A response to a transaction we did not start, or from another address than the one we asked. */
    UNKNOWN_TRANSACTION
}
