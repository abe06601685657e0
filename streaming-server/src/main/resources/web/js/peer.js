// WebRTC toward the SFU: a Publisher sends our camera and microphone into a room, a Subscriber
// receives everyone else's. Both watch their connection and repair it: first an ICE restart on
// the same PeerConnection, and if the server cannot do that (or it does not help), a fresh one.

const GATHERING_CAP_MS = 1500;
// "disconnected" often heals by itself (a Wi-Fi blip); only after this long do we restart ICE.
const DISCONNECTED_GRACE_MS = 4000;
// An ICE restart that has not connected by then is given up for a fresh PeerConnection.
const RESTART_TIMEOUT_MS = 8000;

function iceServers(signaling) {
  return (signaling.welcome?.iceServers ?? []).map(server => ({
    urls: server.urls, username: server.username ?? undefined, credential: server.credential ?? undefined
  }));
}

// The SFU is ICE-lite and learns our addresses from our checks, so host candidates are enough;
// with STUN configured, waiting a little lets srflx candidates into the SDP too.
function gatheringComplete(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise(resolve => {
    const timer = setTimeout(resolve, GATHERING_CAP_MS);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function connected(pc, timeoutMs) {
  if (pc.connectionState === "connected") return Promise.resolve(true);
  return new Promise(resolve => {
    const timer = setTimeout(() => { pc.removeEventListener("connectionstatechange", check); resolve(false); }, timeoutMs);
    const check = () => {
      if (pc.connectionState === "connected") {
        clearTimeout(timer);
        pc.removeEventListener("connectionstatechange", check);
        resolve(true);
      }
    };
    pc.addEventListener("connectionstatechange", check);
  });
}

/** Common lifecycle: one PeerConnection at a time, a watchdog, and repair when ICE fails. */
class SfuPeer {
  pc = null;
  /** "new", "connecting", "connected", "repairing", "failed", "closed". */
  state = "new";
  /** How many times the connection was repaired (tests and diagnostics read it). */
  repairs = 0;
  #disconnectedTimer = null;
  #repairing = false;

  constructor(signaling, roomId, onState) {
    this.signaling = signaling;
    this.roomId = roomId;
    this.onState = onState ?? (() => {});
  }

  newPeerConnection() {
    if (this.pc) this.pc.close();
    const pc = new RTCPeerConnection({bundlePolicy: "max-bundle", iceServers: iceServers(this.signaling)});
    pc.addEventListener("connectionstatechange", () => this.#watch(pc));
    this.pc = pc;
    return pc;
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }

  #watch(pc) {
    if (pc !== this.pc || this.state === "closed") return;
    clearTimeout(this.#disconnectedTimer);
    switch (pc.connectionState) {
      case "connected": this.setState("connected"); break;
      case "connecting": case "new": if (!this.#repairing) this.setState("connecting"); break;
      case "disconnected":
        this.#disconnectedTimer = setTimeout(() => this.repair(), DISCONNECTED_GRACE_MS);
        break;
      case "failed": this.repair(); break;
    }
  }

  /**
   * Brings media back without touching signaling's state. While the WebSocket is down there is no
   * one to negotiate with: the reconnect path (rebuild) takes over once it is back.
   */
  async repair() {
    if (this.#repairing || this.state === "closed" || this.signaling.state !== "open") return;
    this.#repairing = true;
    this.setState("repairing");
    try {
      const restarted = await this.restartIce().then(() => connected(this.pc, RESTART_TIMEOUT_MS), () => false);
      if (!restarted && this.state !== "closed") await this.rebuild();
      this.repairs++;
    } catch (error) {
      this.setState("failed");
      console.warn("media repair failed", error);
    } finally {
      this.#repairing = false;
    }
  }

  close() {
    clearTimeout(this.#disconnectedTimer);
    this.setState("closed");
    if (this.pc) this.pc.close();
    this.pc = null;
  }
}

/**
 * A show's video in three simulcast layers, lowest first (the order the server numbers them in):
 * quarter, half and full size, each with three temporal layers so a viewer's frame rate can drop
 * before its resolution does. The server pauses layers nobody watches (media.layers).
 */
const SIMULCAST_LAYERS = [
  {rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000},
  {rid: "h", scaleResolutionDownBy: 2, maxBitrate: 500_000},
  {rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1_700_000}
];

/** Sends local tracks into a room with media.publish; a show's video in simulcast layers. */
export class Publisher extends SfuPeer {
  #stopLayers;

  constructor(signaling, roomId, stream, onState, {simulcast = false} = {}) {
    super(signaling, roomId, onState);
    this.stream = stream;
    this.simulcast = simulcast;
    this.#stopLayers = signaling.on("media.layers", message => {
      if (message.roomId === this.roomId) this.#sendLayers(message.mid, message.active).catch(error => {
        console.warn("pausing or resuming simulcast layers failed", error);
      });
    });
  }

  async start() {
    const pc = this.newPeerConnection();
    for (const track of this.stream.getTracks()) {
      const init = {direction: "sendonly", streams: [this.stream]};
      if (this.simulcast && track.kind === "video") {
        this.#addSimulcast(pc, track, init);
      } else {
        pc.addTransceiver(track, init);
      }
    }
    this.setState("connecting");
    await this.#negotiate(pc, {});
  }

  /** Three layers with three temporal layers each where the browser can (L1T3), else without. */
  #addSimulcast(pc, track, init) {
    try {
      pc.addTransceiver(track, {...init, sendEncodings: SIMULCAST_LAYERS.map(l => ({...l, scalabilityMode: "L1T3"}))});
    } catch {
      pc.addTransceiver(track, {...init, sendEncodings: SIMULCAST_LAYERS.map(l => ({...l}))});
    }
  }

  /** The server's media.layers: encode only the layers someone watches (a phone saves uplink and battery). */
  async #sendLayers(mid, active) {
    const transceiver = this.pc?.getTransceivers().find(t => t.mid === mid);
    if (!transceiver) return;
    const parameters = transceiver.sender.getParameters();
    let changed = false;
    for (const encoding of parameters.encodings) {
      const wanted = encoding.rid === undefined || active.includes(encoding.rid);
      if (encoding.active !== wanted) {
        encoding.active = wanted;
        changed = true;
      }
    }
    if (changed) await transceiver.sender.setParameters(parameters);
    this.activeLayers = active;
  }

  /** A fresh PeerConnection: after the WebSocket came back (the server dropped our transport) or a failed restart. */
  rebuild() {
    return this.start();
  }

  /** Same PeerConnection, new ICE credentials, published again in the same room. */
  restartIce() {
    this.pc.restartIce();
    return this.#negotiate(this.pc, {iceRestart: true});
  }

  /** Swaps the camera (front/back) without renegotiating. */
  async replaceTrack(kind, track) {
    const sender = this.pc?.getSenders().find(s => s.track?.kind === kind || (!s.track && kind === "video"));
    if (sender) await sender.replaceTrack(track);
  }

  async #negotiate(pc, options) {
    await pc.setLocalDescription(await pc.createOffer(options));
    await gatheringComplete(pc);
    const answer = await this.signaling.request("media.publish", {roomId: this.roomId, sdp: pc.localDescription.sdp});
    if (pc !== this.pc) return;
    await pc.setRemoteDescription({type: "answer", sdp: answer.sdp});
  }

  /** tellServer false: the server already dropped our transport with the old connection. */
  close(tellServer = true) {
    this.#stopLayers();
    if (this.pc && tellServer) this.signaling.notify("media.unpublish", {roomId: this.roomId});
    super.close();
  }
}

/**
 * Receives a room's tracks with media.subscribe. The server offers, we answer; it offers again
 * (same subscriptionId) whenever publishers come or go, and each offer waits for the one before.
 */
export class Subscriber extends SfuPeer {
  subscriptionId = null;
  /** The simulcast layer received ({layer: "low"|"medium"|"high", mode: "auto"|"pinned"}), or null. */
  layer = null;
  /** What the viewer asked for with pinLayer: "auto", or a layer to keep to (kept across rebuilds). */
  wantedLayer = "auto";
  #negotiation = Promise.resolve();
  #stopOffers = null;
  #stopLayer = null;

  /** onTrack({track, streams}) for each received track; onLayer({layer, mode}) when the layer changes. */
  constructor(signaling, roomId, onTrack, onState, onLayer = () => {}) {
    super(signaling, roomId, onState);
    this.onTrack = onTrack;
    this.#stopOffers = signaling.on("media.offer", message => {
      if (message.subscriptionId !== this.subscriptionId || this.state === "closed") return;
      this.#take(this.pc, message.sdp).catch(error => {
        console.warn("answering the server's offer failed", error);
        this.repair();
      });
    });
    this.#stopLayer = signaling.on("media.layer", message => {
      if (message.subscriptionId !== this.subscriptionId) return;
      this.layer = {layer: message.layer, mode: message.mode};
      onLayer(this.layer);
    });
  }

  /** Keeps to a layer ("low" is the data saver) or lets the server choose by bandwidth ("auto"). */
  async pinLayer(layer) {
    this.wantedLayer = layer;
    if (this.subscriptionId) {
      await this.signaling.request("media.layer", {subscriptionId: this.subscriptionId, layer});
    }
  }

  async start() {
    const pc = this.newPeerConnection();
    pc.addEventListener("track", event => { if (pc === this.pc) this.onTrack(event); });
    this.setState("connecting");
    this.#negotiation = Promise.resolve();
    const offer = await this.signaling.request("media.subscribe", {roomId: this.roomId});
    this.subscriptionId = offer.subscriptionId;
    this.layer = null;
    await this.#take(pc, offer.sdp);
    if (this.wantedLayer !== "auto") await this.pinLayer(this.wantedLayer);
  }

  /** A fresh subscription; the old one (if the server still has it) is ended first. */
  rebuild() {
    this.#unsubscribe();
    return this.start();
  }

  /**
   * media.restart: the server's reply is a fresh offer with new ICE credentials (same DTLS, same
   * tracks), answered like any other; an offer arriving as an event meanwhile is answered first.
   */
  async restartIce() {
    this.pc.restartIce();
    const reply = await this.signaling.request("media.restart", {roomId: this.roomId});
    if (reply.type === "media.offer") await this.#take(this.pc, reply.sdp);
  }

  #take(pc, sdp) {
    const answered = this.#negotiation.then(async () => {
      if (pc !== this.pc) return;
      await pc.setRemoteDescription({type: "offer", sdp});
      await pc.setLocalDescription(await pc.createAnswer());
      await this.signaling.request("media.answer", {subscriptionId: this.subscriptionId, sdp: pc.localDescription.sdp});
    });
    // The next offer waits for this one, whether or not it worked.
    this.#negotiation = answered.catch(() => {});
    return answered;
  }

  #unsubscribe() {
    if (this.subscriptionId) this.signaling.notify("media.unsubscribe", {subscriptionId: this.subscriptionId});
    this.subscriptionId = null;
  }

  /** tellServer false: the server already ended the subscription with the old connection. */
  close(tellServer = true) {
    this.#stopOffers();
    this.#stopLayer();
    if (tellServer) this.#unsubscribe();
    super.close();
  }
}
