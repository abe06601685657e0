// Every error code of PROTOCOL.md as a sentence people understand. The server's own message is
// for developers; the UI branches on the code, and on the request that failed where that makes
// the sentence clearer.

/** A refused request: the protocol's error code, the server's message, and the request type. */
export class ProtocolError extends Error {
  /** reason: the room's more precise cause when it gave one (muted, slow_mode, banned_word, removed, banned). */
  constructor(code, message, requestType, reason) {
    super(`${code}: ${message}`);
    this.code = code;
    this.serverMessage = message;
    this.requestType = requestType;
    this.reason = reason;
  }
}

/** What a room's refusal means, whatever the request. */
const BY_REASON = {
  muted: "The host has muted you in this show.",
  slow_mode: "Slow mode is on: wait a few seconds between messages.",
  banned_word: "Your message contains a word this show does not allow.",
  removed: "The host removed you from this show.",
  banned: "The host has banned you from their shows."
};

const GENERAL = {
  bad_request: "The server could not accept that request. Please check what you entered and try again.",
  unauthorized: "Your sign-in is no longer valid. Please sign in again.",
  forbidden: "You are not allowed to do that with this account.",
  not_found: "That is no longer there: the show or person may have just left.",
  conflict: "That clashes with something already going on.",
  rate_limited: "You are going a little fast. Wait a moment and try again.",
  insufficient_funds: "You do not have enough coins for that. Add coins and try again.",
  unavailable: "That is not available right now. Please try again in a moment.",
  internal: "Something went wrong on our side. Please try again.",
  connection_lost: "You are offline. We will retry as soon as the connection is back."
};

// Where a request gives the code a more precise meaning.
const BY_REQUEST = {
  "show.start": {
    forbidden: "Your account cannot go live: it does not have the creator role.",
    conflict: "You already have a live show. End it before starting another."
  },
  "show.end": {forbidden: "Only the host can end this show."},
  "room.join": {
    not_found: "This show has ended.",
    conflict: "You are in too many rooms at once. Leave one and try again."
  },
  "chat.send": {
    rate_limited: "You are sending messages too fast. Wait a moment before the next one.",
    bad_request: "That message is too long or empty.",
    forbidden: "Join the show to chat in it."
  },
  "gift.send": {
    forbidden: "Gifts are only for verified adults, and only in shows of verified adults.",
    insufficient_funds: "You do not have enough coins for this gift. Add coins and try again.",
    bad_request: "This gift cannot be sent here: the show may have ended."
  },
  "media.publish": {
    forbidden: "Only the host (or an invited guest) can broadcast in this show.",
    bad_request: "This browser's camera or microphone format is not supported by the server."
  },
  "media.subscribe": {forbidden: "Join the show before watching it."},
  "consultant.status": {
    forbidden: "Only verified adults with a consultant account can take paid calls.",
    bad_request: "Your per-minute rate is outside what this server allows."
  },
  "consultant.list": {forbidden: "Your account cannot see consultants."},
  "call.request": {
    forbidden: "Only verified adults can make paid calls.",
    not_found: "This consultant is not available any more.",
    conflict: "This consultant is busy in another call, or you are already in a call.",
    insufficient_funds: "You do not have enough coins for the first minute of this call. Add coins and try again.",
    bad_request: "You cannot call yourself."
  },
  "call.accept": {not_found: "This call is no longer waiting: the caller may have hung up."},
  "call.decline": {not_found: "This call is no longer waiting."},
  "call.resume": {not_found: "The call ended while you were offline."},
  "room.members": {forbidden: "Only the host and moderators can see who is watching."},
  "room.moderate": {
    forbidden: "You cannot do that to this person: only the host acts on moderators, and nobody on the host.",
    unavailable: "That could not be saved right now. Try again in a moment."
  },
  "room.pin": {forbidden: "Only the host and moderators can pin a message."},
  "room.settings": {forbidden: "Only the host and moderators can change the show's settings."},
  "like.send": {rate_limited: "That is a lot of love! Wait a moment before liking again."},
  "report.send": {
    not_found: "That message is too old to report. Report the show instead.",
    unavailable: "The report could not be sent right now. Try again in a moment."
  },
  "auth": {unauthorized: "This sign-in token was refused: it is invalid or has expired."},
  // The signed-in session as a whole, after the server closed it or the platform's token changed hands.
  "session": {
    unauthorized: "Your sign-in has expired. Please sign in again.",
    forbidden: "Your sign-in changed to another account, so you were signed out. Please sign in again."
  }
};

/** The sentence for a failure: a ProtocolError, a browser error, or anything thrown. */
export function describe(error) {
  if (error instanceof ProtocolError) {
    if (error.reason && BY_REASON[error.reason]) return BY_REASON[error.reason];
    return BY_REQUEST[error.requestType]?.[error.code] ?? GENERAL[error.code] ?? GENERAL.internal;
  }
  if (error?.name === "NotAllowedError") {
    return "Camera and microphone access was refused. Allow it in the browser's site settings and try again.";
  }
  if (error?.name === "NotFoundError" || error?.name === "OverconstrainedError") {
    return "No camera or microphone was found on this device.";
  }
  if (error?.name === "NotReadableError") {
    return "The camera or microphone is in use by another app.";
  }
  if (error?.name === "TypeError" && !window.isSecureContext) {
    return "The camera needs a secure page: open this site over https:// (see the README).";
  }
  return error?.message ? `Something went wrong: ${error.message}` : GENERAL.internal;
}

const SHOW_ENDED = {
  host_ended: "The show has ended.",
  host_left: "The host left, so the show has ended.",
  server_shutdown: "The server is restarting, so the show has ended. Please come back in a minute."
};

export function showEndedSentence(reason) {
  return SHOW_ENDED[reason] ?? "The show has ended.";
}

/** Why a call ended, from the point of view of the caller or the consultant. */
export function callEndedSentence(reason, role, peerName) {
  const who = peerName || (role === "caller" ? "The consultant" : "The caller");
  switch (reason) {
    case "hangup": return "The call has ended.";
    case "declined": return role === "caller" ? `${who} declined the call.` : "You declined the call.";
    case "no_answer": return role === "caller" ? `${who} did not answer.` : "You missed a call.";
    case "insufficient_funds": return role === "caller"
        ? "The call ended because you ran out of coins. Add coins to call again."
        : "The call ended because the caller ran out of coins.";
    case "peer_lost": return `The call ended: the connection to ${peerName || "the other side"} was lost.`;
    case "server_shutdown": return "The call ended because the server is restarting.";
    case "billing_unavailable": return "The call ended because payments could not be processed. Nothing more was charged.";
    default: return "The call has ended.";
  }
}
