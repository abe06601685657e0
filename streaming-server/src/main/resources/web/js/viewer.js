// Watching a show: the video with sound (tap to unmute where the browser insists), chat, gifts
// animated over the video, the gift picker. After a network drop it comes back by itself: the
// WebSocket reconnects and authenticates again, then this screen joins and subscribes again.

import {$, showScreen, toast} from "./dom.js";
import {formatNumber, t} from "./i18n.js";
import {describe, showEndedSentence} from "./errors.js";
import {Chat} from "./chat.js";
import {GiftOverlay, GiftPicker, renderLeaderboard} from "./gifts.js";
import {Subscriber} from "./peer.js";
import {RemoteStage} from "./stage.js";
import {RoomTools} from "./room.js";


export class ViewerScreen {
  #session;
  #stage;
  #chat;
  #gifts;
  #picker;
  #subscriber = null;
  #room;
  roomId = null;
  /** Times this page joined the show again after losing the connection (tests read it). */
  rejoins = 0;

  constructor(session) {
    this.#session = session;
    const signaling = session.signaling;
    this.#stage = new RemoteStage($("#viewer-videos"), $("#tap-to-unmute"),
        () => { if (this.roomId) this.#note(t("viewer.waitingForHost")); });
    this.#room = new RoomTools(session, $("#viewer"), {onRemoved: () => {
      this.#stop();
      if (session.screen === this) session.goHome();
    }});
    this.#chat = new Chat($("#viewer-chat"), signaling, session.blocks, message => this.#room.messageActions(message));
    this.#gifts = new GiftOverlay($("#viewer-gifts"), signaling);
    this.#picker = new GiftPicker($("#gift-picker"), signaling, session.wallet,
        session.devMode ? coins => session.devCredit(coins) : null, session.client);
    $("#open-gifts").onclick = () => this.#picker.isOpen ? this.#picker.close() : this.#picker.open(this.roomId);
    $("#data-saver").onclick = () => this.#toggleDataSaver();
    signaling.on("room.viewers", message => {
      if (message.roomId === this.roomId) $("#viewer-viewers span").textContent = formatNumber(message.count);
    });
    signaling.on("chat", message => this.#chat.receive(message));
    signaling.on("gift", gift => { if (gift.roomId === this.roomId) this.#gifts.play(gift); });
    signaling.on("leaderboard", message => {
      if (message.roomId === this.roomId) renderLeaderboard($("#viewer-leaderboard"), message.top);
    });
    signaling.on("show.ended", message => {
      if (message.roomId !== this.roomId) return;
      toast(showEndedSentence(message.reason), message.reason === "host_ended" ? "info" : "error");
      this.#stop();
      if (session.screen === this) session.goHome();
    });
    signaling.addEventListener("state", ({detail}) => {
      if (this.roomId && detail.state === "reconnecting") this.#note(t("connection.reconnecting"));
    });
    signaling.addEventListener("ready", ({detail}) => { if (detail.resumed && this.roomId) this.#rejoin(); });
  }

  /** show: an entry of show.list. */
  async enter(show) {
    showScreen("viewer");
    this.roomId = show.roomId;
    $("#viewer-title").textContent = show.title;
    $("#viewer-viewers span").textContent = formatNumber(show.viewers);
    this.#chat.enter(show.roomId);
    this.#gifts.clear();
    this.#picker.close();
    this.#note(t("viewer.joining"));
    try {
      await this.#join();
    } catch (error) {
      if (error.code === "connection_lost") return;
      toast(describe(error), "error");
      this.#stop();
      if (this.#session.screen === this) this.#session.goHome();
    }
  }

  leave() {
    if (this.roomId) {
      this.#session.signaling.request("room.leave", {roomId: this.roomId}).catch(() => {});
    }
    this.#stop();
  }

  peerConnections() {
    return this.#subscriber?.pc ? [this.#subscriber.pc] : [];
  }

  get subscriber() {
    return this.#subscriber;
  }

  async #join() {
    const joined = await this.#session.signaling.request("room.join", {roomId: this.roomId});
    $("#viewer-title").textContent = joined.title;
    $("#viewer-viewers span").textContent = formatNumber(joined.viewers);
    renderLeaderboard($("#viewer-leaderboard"), joined.leaderboard);
    // A show whose host is not a verified adult takes no gifts: offer none there.
    $("#open-gifts").hidden = joined.acceptsGifts === false;
    if (joined.acceptsGifts === false) this.#picker.close();
    this.#room.hostId = joined.hostId;
    this.#room.enter(this.roomId, joined);
    this.#stage.clear();
    const wantedLayer = this.#subscriber?.wantedLayer ?? this.#dataSaverLayer();
    this.#subscriber = new Subscriber(this.#session.signaling, this.roomId,
        event => {
          this.#stage.add(event);
          this.#note(null);
        },
        state => this.#mediaState(state),
        layer => this.#session.quality.setLayer(layer.layer ?? null));
    this.#subscriber.wantedLayer = wantedLayer;
    if (joined.publishers.length === 0) this.#note(t("viewer.waitingForHost"));
    await this.#subscribe(this.#subscriber);
    this.#session.quality.start();
  }

  /**
   * A subscription the server refuses as unavailable (its media loops are saturated, or every
   * handshake slot is taken) is asked for again after 1, 2, 4, 8 s, then every 8 s, while the
   * viewer stays; other errors go to the caller.
   */
  async #subscribe(subscriber) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await subscriber.start();
      } catch (error) {
        if (error.code !== "unavailable" || subscriber !== this.#subscriber) throw error;
        this.#note(t("viewer.serverBusy"));
        await new Promise(resolve => setTimeout(resolve, Math.min(8000, 1000 * 2 ** attempt)));
        if (subscriber !== this.#subscriber) return;
      }
    }
  }

  // The old subscription ended on the server with the old connection: join and subscribe afresh.
  async #rejoin() {
    this.#subscriber?.close(false);
    this.#subscriber = null;
    this.#note(t("viewer.reconnecting"));
    try {
      await this.#join();
      this.rejoins++;
      this.#chat.notice(t("viewer.reconnected"));
    } catch (error) {
      if (error.code === "connection_lost") return;
      toast(error.code === "not_found" ? showEndedSentence("host_left") : describe(error), "error");
      this.#stop();
      if (this.#session.screen === this) this.#session.goHome();
    }
  }

  #dataSaverLayer() {
    return $("#data-saver").getAttribute("aria-pressed") === "true" ? "low" : "auto";
  }

  /** Data saver: keep to the lowest layer; off, the server chooses by the viewer's bandwidth. */
  async #toggleDataSaver() {
    const button = $("#data-saver");
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    try {
      await this.#subscriber?.pinLayer(on ? "low" : "auto");
    } catch (error) {
      button.setAttribute("aria-pressed", String(!on));
      toast(describe(error), "error");
    }
  }

  #mediaState(state) {
    document.body.dataset.media = state;
    if (state === "repairing") this.#note(t("viewer.reconnectingVideo"));
    else if (state === "failed") this.#note(t("viewer.videoFailed"));
    else if (state === "connected" && this.#stage.videos.length > 0) this.#note(null);
  }

  #note(text) {
    const note = $("#viewer-note");
    note.hidden = !text;
    note.textContent = text ?? "";
  }

  #stop() {
    this.#subscriber?.close();
    this.#subscriber = null;
    this.roomId = null;
    this.#room.leave();
    this.#stage.clear();
    this.#gifts.clear();
    this.#picker.close();
    this.#session.quality.stop();
    this.#session.quality.setLayer(null);
  }
}
