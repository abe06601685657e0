// The connection-quality pill: round-trip time, packet loss and frame rate from getStats(),
// sampled every two seconds over whichever PeerConnections the screen currently has.

import {formatNumber, formatPercent, formatUnit, t} from "./i18n.js";

const SAMPLE_MS = 2000;

/** What one sample of a PeerConnection says; rates are over the time since the previous sample. */
async function sample(pc, previous) {
  const report = await pc.getStats();
  const now = {at: performance.now(), received: 0, lost: 0, frames: 0, video: false, rtt: null, remoteLoss: null};
  report.forEach(stat => {
    if (stat.type === "candidate-pair" && stat.nominated && stat.state === "succeeded"
        && stat.currentRoundTripTime !== undefined) {
      now.rtt = stat.currentRoundTripTime;
    } else if (stat.type === "inbound-rtp") {
      now.received += stat.packetsReceived ?? 0;
      now.lost += Math.max(0, stat.packetsLost ?? 0);
      if (stat.kind === "video") {
        now.video = true;
        now.frames += stat.framesDecoded ?? 0;
      }
    } else if (stat.type === "outbound-rtp" && stat.kind === "video") {
      now.video = true;
      now.frames += stat.framesEncoded ?? 0;
    } else if (stat.type === "remote-inbound-rtp") {
      // What the server reports about our outgoing streams (publishers have no inbound-rtp).
      if (stat.fractionLost !== undefined) now.remoteLoss = Math.max(now.remoteLoss ?? 0, stat.fractionLost);
      if (now.rtt === null && stat.roundTripTime !== undefined) now.rtt = stat.roundTripTime;
    }
  });
  if (!previous) return {now, figures: null};
  const seconds = (now.at - previous.at) / 1000;
  const received = now.received - previous.received;
  const lost = now.lost - previous.lost;
  const loss = now.remoteLoss ?? (received + lost > 0 ? lost / (received + lost) : 0);
  return {now, figures: {rttMs: now.rtt === null ? null : Math.round(now.rtt * 1000), loss,
    // No video at all (nobody publishing yet) says nothing about the connection's frame rate.
    fps: !now.video ? null : seconds > 0 ? Math.max(0, now.frames - previous.frames) / seconds : 0}};
}

function grade(figures) {
  const fps = figures.fps ?? Infinity;
  if (fps < 1 || figures.loss > 0.1 || (figures.rttMs ?? 0) > 600) return "poor";
  if (figures.loss > 0.02 || (figures.rttMs ?? 0) > 250 || fps < 12) return "fair";
  return "good";
}

export class QualityMeter {
  #element;
  #peers;
  #previous = new Map();
  #timer = null;
  #layer = null;

  /** peers: a function returning the PeerConnections to measure right now. */
  constructor(element, peers) {
    this.#element = element;
    this.#peers = peers;
  }

  start() {
    this.stop();
    this.#element.hidden = false;
    this.#element.textContent = t("quality.measuring");
    this.#element.dataset.grade = "unknown";
    this.#timer = setInterval(() => this.#tick().catch(() => {}), SAMPLE_MS);
  }

  /** The simulcast layer the viewer receives ("high", "medium", "low"), shown with the figures; null for none. */
  setLayer(label) {
    this.#layer = label;
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#previous.clear();
    this.#element.hidden = true;
  }

  async #tick() {
    const peers = this.#peers().filter(pc => pc && pc.connectionState !== "closed");
    const all = [];
    for (const pc of peers) {
      const {now, figures} = await sample(pc, this.#previous.get(pc));
      this.#previous.set(pc, now);
      if (figures) all.push(figures);
    }
    if (all.length === 0) return;
    // The worst of the connections is what the person experiences.
    const worst = {
      rttMs: Math.max(...all.map(f => f.rttMs ?? 0)) || null,
      loss: Math.max(...all.map(f => f.loss)),
      fps: all.some(f => f.fps !== null) ? Math.min(...all.filter(f => f.fps !== null).map(f => f.fps)) : null
    };
    const level = grade(worst);
    this.#element.dataset.grade = level;
    const parts = [t(`quality.${level}`)];
    if (worst.rttMs !== null) parts.push(formatUnit(worst.rttMs, "millisecond"));
    parts.push(t("quality.loss", {percent: formatPercent(worst.loss)}));
    if (worst.fps !== null) parts.push(t("quality.fps", {fps: formatNumber(Math.round(worst.fps))}));
    if (this.#layer) parts.push(t(`quality.layer.${this.#layer}`));
    this.#element.textContent = parts.join(" · ");
    this.#element.title = t("quality.title");
  }
}
