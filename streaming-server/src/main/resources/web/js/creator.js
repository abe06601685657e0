// The creator's studio: camera preview, front/back switch, mute, go live, viewers, chat,
// incoming gifts, the top-gifters board, end the show. Comes back by itself after a drop: the
// show waits shows.hostGraceMs for its host, who joins it again and publishes afresh.

import {$, showScreen, toast} from "./dom.js";
import {confirmDialog} from "./modal.js";
import {formatNumber, t} from "./i18n.js";
import {describe, showEndedSentence} from "./errors.js";
import {Camera} from "./camera.js";
import {Chat} from "./chat.js";
import {GiftOverlay, renderLeaderboard} from "./gifts.js";
import {Publisher} from "./peer.js";
import {MembersSheet, RoomTools} from "./room.js";

/** The catalog's key for what the stage says about the outgoing video, by the publisher's state. */
const MEDIA_STATE = {connecting: "studio.connecting", repairing: "studio.reconnectingVideo", failed: "studio.videoFailed"};
/** How long coming back keeps asking for our show while the server cannot answer yet (a cluster node died). */
const JOIN_RETRY_MS = 20_000;

export class CreatorScreen {
  #session;
  #walletRefresh = null;
  #camera = new Camera();
  #chat;
  #gifts;
  #publisher = null;
  #room;
  #members;
  /** The screen stays on while the creator is live (Wake Lock), released when the show ends. */
  #wakeLock = null;
  roomId = null;

  constructor(session) {
    this.#session = session;
    const signaling = session.signaling;
    this.#room = new RoomTools(session, $("#creator"), {onRemoved: () => {}});
    this.#members = new MembersSheet(session);
    this.#chat = new Chat($("#creator-chat"), signaling, session.blocks, message => this.#room.messageActions(message));
    $("#open-members").onclick = () => this.roomId && this.#members.open(this.roomId);
    $("#camera-off").onclick = () => {
      const off = this.#camera.toggleVideo();
      $("#camera-off").setAttribute("aria-pressed", String(off));
    };
    document.addEventListener("visibilitychange", () => {
      // Browsers release a wake lock when the page is hidden; take it again on return.
      if (document.visibilityState === "visible" && this.roomId) this.#keepAwake();
    });
    this.#gifts = new GiftOverlay($("#creator-gifts"), signaling);
    $("#go-live-form").onsubmit = event => {
      event.preventDefault();
      this.#goLive($("#show-title").value.trim());
    };
    $("#end-show").onclick = () => this.#endShow();
    $("#switch-camera").onclick = () => this.#switchCamera();
    $("#mute-mic").onclick = () => {
      const muted = this.#camera.toggleMute();
      $("#mute-mic").setAttribute("aria-pressed", String(muted));
    };
    signaling.on("room.viewers", message => {
      if (message.roomId === this.roomId) this.#viewers(message.count);
    });
    signaling.on("chat", message => this.#chat.receive(message));
    signaling.on("gift", gift => {
      if (gift.roomId !== this.roomId) return;
      this.#gifts.play(gift);
      if (gift.to?.userId === session.me.userId) this.#earningsChanged();
    });
    signaling.on("leaderboard", message => {
      if (message.roomId === this.roomId) renderLeaderboard($("#creator-leaderboard"), message.top);
    });
    signaling.on("show.ended", message => {
      if (message.roomId !== this.roomId) return;
      const ended = message.reason;
      this.#stopLive();
      if (ended !== "host_ended") toast(showEndedSentence(ended), "error");
      if (session.screen === this) session.goHome();
    });
    signaling.addEventListener("ready", ({detail}) => { if (detail.resumed && this.roomId) this.#comeBack(); });
  }

  /** resumeRoomId: our own show, still live (a reload within the host's grace period). */
  async enter(resumeRoomId) {
    showScreen("creator");
    this.#renderLive(false);
    try {
      const stream = await this.#camera.start();
      $("#creator-preview").srcObject = stream;
      $("#creator-preview").classList.toggle("mirrored", this.#camera.facingMode === "user");
    } catch (error) {
      $("#creator-media-state").textContent = describe(error);
      return;
    }
    if (resumeRoomId) {
      this.roomId = resumeRoomId;
      await this.#comeBack();
    }
  }

  async back() {
    if (this.roomId && !await confirmDialog(t("studio.endConfirm"), t("studio.endShow"), t("studio.keepLive"))) return;
    if (this.roomId) this.#endShow();
    else this.#session.goHome();
  }

  leave() {
    if (this.roomId) this.#session.signaling.notify("show.end", {roomId: this.roomId});
    this.#stopLive();
    this.#camera.stop();
    $("#creator-preview").srcObject = null;
  }

  peerConnections() {
    return this.#publisher?.pc ? [this.#publisher.pc] : [];
  }

  get publisher() {
    return this.#publisher;
  }

  async #goLive(title) {
    const button = $("#go-live");
    button.disabled = true;
    try {
      const started = await this.#session.signaling.request("show.start", {title});
      this.roomId = started.roomId;
      this.#room.enter(this.roomId, {title, role: "host"});
      this.#chat.enter(this.roomId);
      renderLeaderboard($("#creator-leaderboard"), []);
      this.#viewers(0);
      this.#renderLive(true);
      await this.#publish();
    } catch (error) {
      toast(describe(error), "error");
    } finally {
      button.disabled = false;
    }
  }

  async #publish() {
    this.#publisher?.close();
    const stream = await this.#camera.start();
    this.#publisher = new Publisher(this.#session.signaling, this.roomId, stream, state => {
      $("#creator-media-state").textContent = MEDIA_STATE[state] ? t(MEDIA_STATE[state]) : "";
      document.body.dataset.media = state;
    }, {simulcast: true});
    await this.#publisher.start();
    this.#session.quality.start();
  }

  /** After a dropped connection (or a reload): join our show again as its host, then publish on a fresh transport. */
  async #comeBack() {
    try {
      const joined = await this.#joinAgain();
      this.#room.enter(this.roomId, joined);
      this.#chat.enter(this.roomId);
      this.#chat.notice(t("studio.youAreBack"));
      renderLeaderboard($("#creator-leaderboard"), joined.leaderboard);
      this.#viewers(joined.viewers);
      this.#renderLive(true);
      // The server dropped our old transport with the connection; the old PeerConnection is useless.
      this.#publisher?.close(false);
      this.#publisher = null;
      await this.#publish();
    } catch (error) {
      if (error.code === "connection_lost") return;
      toast(error.code === "not_found" ? showEndedSentence("host_left") : describe(error), "error");
      this.#stopLive();
      if (this.#session.screen === this) this.#session.goHome();
    }
  }

  /**
   * room.join of our show, asked again while the server answers unavailable: in a cluster, a show whose
   * node died is carried on by the node we reach once that node has been dropped (seconds), and until
   * then the join cannot be answered. Within the host grace period the show waits for us.
   */
  async #joinAgain() {
    const giveUpAt = Date.now() + JOIN_RETRY_MS;
    for (;;) {
      try {
        return await this.#session.signaling.request("room.join", {roomId: this.roomId});
      } catch (error) {
        if (error.code !== "unavailable" || Date.now() > giveUpAt) throw error;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    }
  }

  async #endShow() {
    const roomId = this.roomId;
    this.#stopLive();
    try {
      await this.#session.signaling.request("show.end", {roomId});
    } catch (error) {
      if (error.code !== "not_found") toast(describe(error), "error");
    }
    this.#session.goHome();
  }

  #stopLive() {
    this.#publisher?.close();
    this.#publisher = null;
    this.roomId = null;
    this.#room.leave();
    this.#members.close();
    this.#gifts.clear();
    this.#session.quality.stop();
    this.#renderLive(false);
  }

  async #switchCamera() {
    try {
      const track = await this.#camera.switchCamera();
      await this.#publisher?.replaceTrack("video", track);
      $("#creator-preview").srcObject = this.#camera.stream;
      $("#creator-preview").classList.toggle("mirrored", this.#camera.facingMode === "user");
    } catch (error) {
      toast(describe(error), "error");
    }
  }

  #viewers(count) {
    $("#viewer-count span").textContent = formatNumber(count);
  }

  #renderLive(live) {
    $("#live-badge").hidden = !live;
    $("#viewer-count").hidden = !live;
    $("#creator-live").hidden = !live;
    $("#go-live-form").hidden = live;
    $("#creator-actions").hidden = !live;
    if (!live) $("#creator-media-state").textContent = "";
    if (live) this.#keepAwake();
    else this.#wakeLock?.release().catch(() => {});
    if (!live) this.#wakeLock = null;
  }

  async #keepAwake() {
    if (!("wakeLock" in navigator) || (this.#wakeLock && !this.#wakeLock.released)) return;
    try {
      this.#wakeLock = await navigator.wakeLock.request("screen");
    } catch {
      // Refused (battery saver, hidden page): the show goes on, the screen may dim.
      this.#wakeLock = null;
    }
  }

  /** Gifts raise the host's earnings: re-read the wallet, at most once every two seconds. */
  #earningsChanged() {
    if (this.#walletRefresh) return;
    this.#walletRefresh = setTimeout(() => {
      this.#walletRefresh = null;
      this.#session.wallet.refresh();
    }, 2000);
  }
}
