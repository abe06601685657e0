// Every error code of PROTOCOL.md as a sentence people understand. The server's own message is
// for developers; the UI branches on the code, and on the request that failed where that makes
// the sentence clearer.

import {has, t} from "./i18n.js";

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

// The sentences live in the message catalogs (i18n/*.json), keyed by what they explain:
//   err.reason.<reason>      a room's precise cause, whatever the request;
//   err.<request>.<code>     where a request gives the code a more precise meaning;
//   err.<code>               the code in general.

/** The sentence for a failure: a ProtocolError, a browser error, or anything thrown. */
export function describe(error) {
  if (error instanceof ProtocolError) {
    if (error.reason && has(`err.reason.${error.reason}`)) return t(`err.reason.${error.reason}`);
    const specific = `err.${error.requestType}.${error.code}`;
    if (error.requestType && has(specific)) return t(specific);
    return has(`err.${error.code}`) ? t(`err.${error.code}`) : t("err.internal");
  }
  if (error?.name === "NotAllowedError") return t("err.media.refused");
  if (error?.name === "NotFoundError" || error?.name === "OverconstrainedError") return t("err.media.missing");
  if (error?.name === "NotReadableError") return t("err.media.busy");
  if (error?.name === "TypeError" && !window.isSecureContext) return t("err.media.insecure");
  return error?.message ? t("err.other", {message: error.message}) : t("err.internal");
}

export function showEndedSentence(reason) {
  return has(`showEnded.${reason}`) ? t(`showEnded.${reason}`) : t("showEnded.host_ended");
}

/** Why a call ended, from the point of view of the caller or the consultant. */
export function callEndedSentence(reason, role, peerName) {
  const caller = role === "caller";
  const who = peerName || t(caller ? "callEnded.theConsultant" : "callEnded.theCaller");
  switch (reason) {
    case "declined": return caller ? t("callEnded.declined", {who}) : t("callEnded.youDeclined");
    case "no_answer": return caller ? t("callEnded.noAnswer", {who}) : t("callEnded.youMissed");
    case "insufficient_funds": return t(caller ? "callEnded.youRanOut" : "callEnded.callerRanOut");
    case "peer_lost": return t("callEnded.peerLost", {who: peerName || t("callEnded.theOtherSide")});
    case "server_shutdown": return t("callEnded.serverShutdown");
    case "billing_unavailable": return t("callEnded.billingUnavailable");
    default: return t("callEnded.hangup");
  }
}
