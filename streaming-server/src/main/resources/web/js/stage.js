// Remote media on screen: one <video> per remote stream (the host big, guests as tiles), with
// sound. Browsers may refuse to autoplay sound without a tap; then the video plays muted and a
// "tap to unmute" button appears.

import {h} from "./dom.js";

export class RemoteStage {
  #container;
  #unmute;
  #videos = new Map();

  #onEmpty;

  /** onEmpty: called when the last remote video went away (its publisher left or stopped). */
  constructor(container, unmuteButton, onEmpty = () => {}) {
    this.#container = container;
    this.#unmute = unmuteButton;
    this.#onEmpty = onEmpty;
    unmuteButton.onclick = () => this.unmute();
  }

  /** A PeerConnection's track event. */
  add({track, streams}) {
    const stream = streams[0] ?? new MediaStream([track]);
    let video = this.#videos.get(stream.id);
    if (!video) {
      video = h("video", {class: "remote", playsinline: true, autoplay: true, dataset: {stream: stream.id}});
      video.srcObject = stream;
      this.#videos.set(stream.id, video);
      this.#container.append(video);
      stream.addEventListener("removetrack", () => this.#dropIfEnded(stream));
    } else if (!stream.getTracks().includes(track)) {
      stream.addTrack(track);
    }
    track.addEventListener("ended", () => this.#dropIfEnded(stream));
    this.#layout();
    this.#play(video);
  }

  clear() {
    for (const video of this.#videos.values()) {
      video.srcObject = null;
      video.remove();
    }
    this.#videos.clear();
    this.#unmute.hidden = true;
    this.#layout();
  }

  get videos() {
    return [...this.#videos.values()];
  }

  unmute() {
    this.#unmute.hidden = true;
    for (const video of this.#videos.values()) {
      video.muted = false;
      video.play().catch(() => {});
    }
  }

  async #play(video) {
    video.muted = false;
    try {
      await video.play();
    } catch (error) {
      if (error.name !== "NotAllowedError") return;
      // Sound needs a user gesture here: play muted now, offer the tap.
      video.muted = true;
      this.#unmute.hidden = false;
      await video.play().catch(() => {});
    }
  }

  #dropIfEnded(stream) {
    if (stream.getTracks().some(track => track.readyState === "live")) return;
    const video = this.#videos.get(stream.id);
    if (!video) return;
    video.srcObject = null;
    video.remove();
    this.#videos.delete(stream.id);
    this.#layout();
    if (this.#videos.size === 0) this.#onEmpty();
  }

  #layout() {
    this.#container.dataset.count = String(this.#videos.size);
    this.#container.classList.toggle("empty", this.#videos.size === 0);
  }
}
