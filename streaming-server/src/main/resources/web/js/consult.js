// Paid 1:1 consultations: the consultant's availability switch and incoming calls, the caller's
// call, the call itself (both cameras, the cost and time-left meter from call.billing), hang up,
// why it ended, and coming back after a dropped connection with call.resume.

import {$, announce, showScreen, toast} from "./dom.js";
import {confirmDialog, openModal} from "./modal.js";
import {callEndedSentence, describe} from "./errors.js";
import {formatClock, formatNumber, t} from "./i18n.js";
import {Camera} from "./camera.js";
import {Publisher, Subscriber} from "./peer.js";
import {RemoteStage} from "./stage.js";

// The meter turns to a warning when this little time is left.
const LOW_TIME_SECONDS = 30;

export class Consultations {
  #session;
  #camera = new Camera();
  #stage;
  #publisher = null;
  #subscriber = null;
  #available = false;
  #ticker = null;
  /** The current call: {callId, role, peer, ratePerMinute, roomId, startedAt, secondsLeft, leftAt}. */
  active = null;
  #incoming = null;
  /** Closes the ringing dialog (a modal), or null while none rings. */
  #closeIncoming = null;
  /** The room whose media runs now; call.started for it again (a reply also seen as an event) is ignored. */
  #mediaRoom = null;

  constructor(session) {
    this.#session = session;
    const signaling = session.signaling;
    this.#stage = new RemoteStage($("#call-remote"), $("#call-unmute"),
        () => { if (this.active) this.#status(t("call.waitingVideo", {name: this.active.peer.name})); });
    $("#availability").checked = false;
    $("#availability").onchange = () => this.#setAvailable($("#availability").checked);
    $("#availability-rate").textContent = t("call.switchOn");
    $("#hang-up").onclick = () => this.hangUp();
    $("#call-done").onclick = () => session.goHome();
    $("#accept-call").onclick = () => this.#answer(true);
    $("#decline-call").onclick = () => this.#answer(false);
    $("#call-mute").onclick = () => {
      const muted = this.#camera.toggleMute();
      $("#call-mute").setAttribute("aria-pressed", String(muted));
    };
    $("#call-switch-camera").onclick = async () => {
      try {
        const track = await this.#camera.switchCamera();
        await this.#publisher?.replaceTrack("video", track);
        $("#call-local").srcObject = this.#camera.stream;
        $("#call-local").classList.toggle("mirrored", this.#camera.facingMode === "user");
      } catch (error) {
        toast(describe(error), "error");
      }
    };
    signaling.on("call.incoming", message => this.#ring(message));
    signaling.on("call.started", message => this.#started(message));
    signaling.on("call.billing", message => this.#billing(message));
    signaling.on("call.peer", message => this.#peer(message));
    signaling.on("call.ended", message => this.#ended(message));
    signaling.addEventListener("ready", ({detail}) => { if (detail.resumed) this.#resume(); });
  }

  // --- the call screen, as a screen of the session ---

  enter() {
    showScreen("call");
  }

  async back() {
    if (this.active && !await confirmDialog(t("call.hangUpConfirm"), t("call.hangUp"), t("call.keepTalking"))) return;
    this.#session.goHome();
  }

  leave() {
    if (this.active) this.hangUp();
    // Its call.ended still comes, and finds no call to show: we are elsewhere now.
    this.active = null;
    clearInterval(this.#ticker);
    this.#stopMedia(true);
    this.#camera.stop();
    $("#call-local").srcObject = null;
  }

  peerConnections() {
    return [this.#publisher?.pc, this.#subscriber?.pc].filter(Boolean);
  }

  /** Signing out: say we are away and drop everything. */
  shutdown() {
    if (this.#available) this.#session.signaling.notify("consultant.status", {available: false});
    clearInterval(this.#ticker);
    this.#closeRinging();
  }

  // --- consultant ---

  async #setAvailable(available) {
    const switchInput = $("#availability");
    switchInput.disabled = true;
    try {
      const status = await this.#session.signaling.request("consultant.status", {available});
      this.#available = status.available;
      switchInput.checked = status.available;
      $("#availability-rate").textContent = status.available
          ? t("call.availableAt", {rate: formatNumber(status.ratePerMinute)})
          : t("call.away", {rate: formatNumber(status.ratePerMinute)});
    } catch (error) {
      switchInput.checked = this.#available;
      $("#availability-rate").textContent = describe(error);
    } finally {
      switchInput.disabled = false;
    }
  }

  #ring(message) {
    if (this.active) return;
    this.#incoming = message;
    $("#incoming-text").textContent = t("call.incoming", {name: message.from.name, rate: formatNumber(message.ratePerMinute)});
    // A modal like every dialog: focus on its buttons, Tab kept inside, Escape declines, focus back where it was.
    this.#closeIncoming ??= openModal($("#incoming-call"), () => {
      this.#closeIncoming = null;
      if (this.#incoming) this.#answer(false);
    });
    // The dialog is an alertdialog, but a screen reader on another screen may not reach it: say it too.
    announce($("#incoming-text").textContent);
  }

  /** Takes the ringing dialog away without answering (the call was answered elsewhere, or ended). */
  #closeRinging() {
    this.#incoming = null;
    this.#closeIncoming?.();
  }

  async #answer(accept) {
    const incoming = this.#incoming;
    this.#closeRinging();
    if (!incoming) return;
    if (!accept) {
      this.#session.signaling.request("call.decline", {callId: incoming.callId}).catch(() => {});
      return;
    }
    this.active = {callId: incoming.callId, role: "consultant", peer: incoming.from,
      ratePerMinute: incoming.ratePerMinute, roomId: null, startedAt: null};
    this.#openCallScreen(t("call.connecting"));
    try {
      await this.#session.signaling.request("call.accept", {callId: incoming.callId});
    } catch (error) {
      this.#showEnded(describe(error), null);
    }
  }

  // --- caller ---

  /** consultant: an entry of consultant.list. */
  async call(consultant) {
    if (this.active) {
      toast(t("call.alreadyInCall"), "error");
      return;
    }
    this.active = {callId: null, role: "caller", peer: {userId: consultant.userId, name: consultant.name},
      ratePerMinute: consultant.ratePerMinute, roomId: null, startedAt: null};
    this.#openCallScreen(t("call.callingWho", {name: consultant.name}));
    try {
      const ringing = await this.#session.signaling.request("call.request", {consultantId: consultant.userId});
      if (!this.active) return;
      this.active.callId = ringing.callId;
      this.active.ratePerMinute = ringing.ratePerMinute;
      this.#status(t("call.callingRate", {name: consultant.name, rate: formatNumber(ringing.ratePerMinute)}));
    } catch (error) {
      this.#showEnded(describe(error), error.code ?? null);
    }
  }

  hangUp() {
    if (!this.active) return;
    const {callId} = this.active;
    if (callId) {
      this.#session.signaling.request("call.end", {callId}).catch(error => {
        if (error.code !== "not_found") toast(describe(error), "error");
      });
    } else {
      // Still asking for a call id: the reply will find no call and nothing else happens.
      this.#showEnded(callEndedSentence("hangup", this.active.role), "hangup");
    }
  }

  // --- both sides ---

  async #openCallScreen(status) {
    this.#session.go(this);
    $("#call-ended").hidden = true;
    $("#call .call-stage").hidden = false;
    $("#call-controls").hidden = false;
    $("#call-meter").hidden = true;
    $("#call-peer").textContent = this.active.peer.name;
    $("#call-timer").textContent = formatClock(0);
    this.#status(status);
    try {
      $("#call-local").srcObject = await this.#camera.start();
      $("#call-local").classList.toggle("mirrored", this.#camera.facingMode === "user");
    } catch (error) {
      this.#status(describe(error));
    }
  }

  async #started(message) {
    if (!this.active || (this.active.callId && this.active.callId !== message.callId)) return;
    // moved: the node that ran the call died and another carries it on; our media must go there now.
    if (message.moved) this.#stopMedia(false);
    if (this.#mediaRoom === message.roomId) return;
    this.#mediaRoom = message.roomId;
    this.active.callId = message.callId;
    this.active.roomId = message.roomId;
    this.active.startedAt ??= Date.now();
    this.#status(t("call.connecting"));
    announce(t("call.started", {name: this.active.peer.name}));
    this.active.lowTimeAnnounced = false;
    this.#tick();
    clearInterval(this.#ticker);
    this.#ticker = setInterval(() => this.#tick(), 1000);
    try {
      const stream = await this.#camera.start();
      const signaling = this.#session.signaling;
      this.#stage.clear();
      this.#subscriber = new Subscriber(signaling, message.roomId, event => {
        this.#stage.add(event);
        this.#status(null);
      }, state => { if (state === "repairing") this.#status(t("call.reconnectingVideo")); });
      this.#publisher = new Publisher(signaling, message.roomId, stream);
      await Promise.all([this.#publisher.start(), this.#subscriber.start()]);
      this.#session.quality.start();
    } catch (error) {
      if (error.code !== "connection_lost") this.#status(describe(error));
    }
  }

  #billing(message) {
    if (!this.active || message.callId !== this.active.callId) return;
    $("#call-meter").hidden = false;
    $("#call-cost").textContent = formatNumber(message.charged);
    $("#call-balance").textContent = formatNumber(message.balance);
    this.active.secondsLeft = message.secondsLeft;
    this.active.leftAt = Date.now();
    this.#session.wallet.set(message.balance);
    this.#tick();
  }

  #peer(message) {
    if (!this.active || message.callId !== this.active.callId) return;
    const name = this.active.peer.name;
    this.#status(message.state === "away" ? t("call.peerAway", {name}) : null);
  }

  #ended(message) {
    if (!this.active || (this.active.callId && message.callId !== this.active.callId)) {
      // A call we never showed (declined from the dialog, or missed while ringing).
      if (this.#incoming?.callId === message.callId || message.reason === "no_answer") {
        this.#closeRinging();
        if (message.reason === "no_answer") toast(callEndedSentence("no_answer", "consultant"));
      }
      return;
    }
    const role = this.active.role;
    const summary = [t("call.duration", {time: formatClock(message.durationSec)})];
    if (message.charged > 0) summary.push(t(role === "caller" ? "call.cost" : "call.earned", {coins: formatNumber(message.charged)}));
    this.#showEnded(callEndedSentence(message.reason, role, this.active.peer.name), message.reason, summary.join(", "));
  }

  // After the WebSocket came back: availability again, and the call (within calls.graceMs) with fresh media.
  async #resume() {
    const signaling = this.#session.signaling;
    if (this.#available) signaling.request("consultant.status", {available: true}).catch(() => {});
    if (!this.active?.callId) return;
    this.#stopMedia(false);
    this.#status(t("call.reconnecting"));
    try {
      // The reply is call.started, which (as an event too) starts fresh media through #started.
      await signaling.request("call.resume", {callId: this.active.callId});
    } catch (error) {
      if (error.code !== "connection_lost") this.#showEnded(describe(error), error.code);
    }
  }

  #showEnded(sentence, reason, summary = "") {
    clearInterval(this.#ticker);
    this.#stopMedia(false);
    this.active = null;
    if (this.#session.screen !== this) this.#session.go(this);
    $("#call-controls").hidden = true;
    $("#call .call-stage").hidden = true;
    $("#call-ended").hidden = false;
    const text = $("#call-message");
    text.textContent = sentence;
    text.dataset.reason = reason ?? "";
    announce(sentence);
    $("#call-summary").textContent = summary;
    this.#status(null);
    this.#camera.stop();
    $("#call-local").srcObject = null;
    this.#session.wallet.refresh();
  }

  #stopMedia(tellServer) {
    this.#publisher?.close(tellServer);
    this.#subscriber?.close(tellServer);
    this.#publisher = null;
    this.#subscriber = null;
    this.#mediaRoom = null;
    this.#stage.clear();
    this.#session.quality.stop();
  }

  #tick() {
    const call = this.active;
    if (!call?.startedAt) return;
    $("#call-timer").textContent = formatClock((Date.now() - call.startedAt) / 1000);
    if (call.secondsLeft === undefined) return;
    const left = call.secondsLeft - (Date.now() - call.leftAt) / 1000;
    $("#call-time-left").textContent = formatClock(left);
    $("#call-meter").classList.toggle("low", left <= LOW_TIME_SECONDS);
    // Once per call, not every second: the meter turning red is not something a screen reader sees.
    if (left <= LOW_TIME_SECONDS && !call.lowTimeAnnounced) {
      call.lowTimeAnnounced = true;
      announce(t("call.lowTime", {seconds: formatNumber(LOW_TIME_SECONDS)}));
    }
  }

  #status(text) {
    const note = $("#call-status");
    note.hidden = !text;
    note.textContent = text ?? "";
    // Call state for screen readers too, through announce(): at most one a second, bursts trimmed.
    if (text) announce(text);
  }
}
