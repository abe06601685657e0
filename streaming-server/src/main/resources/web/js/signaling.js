// The WebSocket side of docs/protocol.md: request/reply by id, pushed events by type, and a
// connection that comes back by itself (backoff, auth again) after the network drops.

import {ProtocolError} from "./errors.js";

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const BACKOFF_CAP_MS = 10000;
// The server closes connections silent for 60 s; a ping every 20 s keeps ours open and tells us
// within PONG_TIMEOUT_MS when a phone's network vanished without a close.
const PING_EVERY_MS = 20000;
const PONG_TIMEOUT_MS = 8000;
// Replies that are also events: the sender's own copy of its chat message, the host's copy of
// show.ended, and a call's start and end, which the side that asked gets as the reply.
const REPLIES_ALSO_EVENTS = new Set(["chat", "show.ended", "call.started", "call.ended"]);

export class Signaling extends EventTarget {
  #url;
  #token;
  #socket = null;
  #pending = new Map();
  #nextId = 1;
  #attempt = 0;
  #retryTimer = null;
  #pingTimer = null;
  #closedByUs = false;
  #connects = 0;
  /** "connecting", "open" (authenticated), "reconnecting", "closed". */
  state = "connecting";
  welcome = null;
  /** When the next attempt starts (ms epoch) while reconnecting, for the banner's countdown. */
  retryAt = 0;

  constructor(url, token) {
    super();
    this.#url = url;
    this.#token = token;
    addEventListener("online", () => this.#retryNow());
  }

  /** The page's signaling endpoint (its livestage:signaling meta tag) on the page's own host, ws: or wss:. */
  static defaultUrl() {
    const path = document.querySelector('meta[name="livestage:signaling"]')?.content || "/ws";
    const url = new URL(path, location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    return url.href;
  }

  /** Connects and authenticates; resolves with welcome, rejects with the first connection's failure. */
  start() {
    return new Promise((resolve, reject) => {
      const ready = event => { cleanup(); resolve(event.detail.welcome); };
      const failed = event => { cleanup(); reject(event.detail.error); };
      const cleanup = () => {
        this.removeEventListener("ready", ready);
        this.removeEventListener("fatal", failed);
      };
      this.addEventListener("ready", ready);
      this.addEventListener("fatal", failed);
      this.#open();
    });
  }

  /** Sends a request; resolves with the reply, rejects with a ProtocolError (code "connection_lost" when offline). */
  request(type, fields = {}) {
    if (this.state !== "open" && type !== "auth") {
      return Promise.reject(new ProtocolError("connection_lost", "not connected", type));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {resolve, reject, type});
      this.#socket.send(JSON.stringify({type, id, ...fields}));
    });
  }

  /** Sends a message whose reply nobody waits for (media.unsubscribe has none). */
  notify(type, fields = {}) {
    if (this.state === "open") this.#socket.send(JSON.stringify({type, ...fields}));
  }

  /** Calls handler(message) for every pushed event of this type; returns the function that stops it. */
  on(type, handler) {
    const listener = event => handler(event.detail);
    this.addEventListener(`event:${type}`, listener);
    return () => this.removeEventListener(`event:${type}`, listener);
  }

  close() {
    this.#closedByUs = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#setState("closed");
    if (this.#socket) this.#socket.close(1000, "signed out");
  }

  #open() {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => this.#authenticate(socket);
    socket.onmessage = event => this.#receive(JSON.parse(event.data));
    socket.onclose = event => this.#closed(socket, event);
  }

  async #authenticate(socket) {
    try {
      const welcome = await new Promise((resolve, reject) => {
        const id = this.#nextId++;
        this.#pending.set(id, {resolve, reject, type: "auth"});
        socket.send(JSON.stringify({type: "auth", id, token: this.#token}));
      });
      this.welcome = welcome;
      this.#attempt = 0;
      this.#connects++;
      this.#setState("open");
      this.#keepAlive(socket);
      this.dispatchEvent(new CustomEvent("ready", {detail: {welcome, resumed: this.#connects > 1}}));
    } catch (error) {
      if (error.code === "unauthorized") {
        this.#fatal(error);
      }
      // Anything else surfaces as the socket's close, which schedules the next attempt.
    }
  }

  #keepAlive(socket) {
    clearInterval(this.#pingTimer);
    this.#pingTimer = setInterval(() => {
      if (socket !== this.#socket || this.state !== "open") return;
      const timeout = setTimeout(() => socket.close(4000, "no pong"), PONG_TIMEOUT_MS);
      this.request("ping").then(() => clearTimeout(timeout), () => clearTimeout(timeout));
    }, PING_EVERY_MS);
  }

  #receive(message) {
    const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
    if (waiter !== undefined) {
      this.#pending.delete(message.id);
      if (message.type === "error") {
        waiter.reject(new ProtocolError(message.code, message.message, waiter.type));
      } else {
        waiter.resolve(message);
      }
      if (!REPLIES_ALSO_EVENTS.has(message.type)) return;
    }
    this.dispatchEvent(new CustomEvent(`event:${message.type}`, {detail: message}));
  }

  #closed(socket, event) {
    if (socket !== this.#socket) return;
    clearInterval(this.#pingTimer);
    for (const waiter of this.#pending.values()) {
      waiter.reject(new ProtocolError("connection_lost", `connection closed (${event.code})`, waiter.type));
    }
    this.#pending.clear();
    if (this.#closedByUs) return;
    if (event.code === 4001) {
      this.#fatal(new ProtocolError("unauthorized", "the server refused the token", "auth"));
      return;
    }
    const delay = Math.min(BACKOFF_MS[this.#attempt] ?? BACKOFF_CAP_MS, BACKOFF_CAP_MS);
    // Jitter, so a server restart is not met by every phone at the same instant.
    const wait = Math.round(delay * (0.75 + Math.random() * 0.5));
    this.#attempt++;
    this.retryAt = Date.now() + wait;
    this.#setState("reconnecting", {closeCode: event.code, attempt: this.#attempt});
    this.#retryTimer = setTimeout(() => this.#open(), wait);
  }

  #retryNow() {
    if (this.state !== "reconnecting") return;
    clearTimeout(this.#retryTimer);
    this.#open();
  }

  #fatal(error) {
    this.#closedByUs = true;
    clearTimeout(this.#retryTimer);
    this.#setState("closed");
    this.dispatchEvent(new CustomEvent("fatal", {detail: {error}}));
  }

  #setState(state, detail = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("state", {detail: {state, ...detail}}));
  }
}
