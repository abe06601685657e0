// The WebSocket side of docs/protocol.md: request/reply by id, pushed events by type, a
// connection that comes back by itself (backoff, auth again) after the network drops, and a token
// kept fresh (auth.refresh) through the embedding platform's hook before the server's expiry closes it.

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
// A token is refreshed this long before it expires (a quarter of what is left for short-lived ones),
// and a failed refresh is tried again after at most RETRY_REFRESH_MS while the token still holds.
const REFRESH_LEAD_MS = 60000;
const RETRY_REFRESH_MS = 10000;

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
  #tokenHook;
  #refreshTimer = null;
  /** When the token expires, on this browser's clock (ms epoch); 0 until the server said. */
  #expiresAt = 0;
  /** A 4001 close already led to a fresh token from the hook; a second one is final. */
  #renewedAfterRefusal = false;
  /** The next auth asks the hook for a fresh token first. */
  #renewBeforeAuth = false;
  /** The wait a `reconnect` hint asked for (a draining server), used instead of the backoff once. */
  #hintedWait = undefined;
  /** "connecting", "open" (authenticated), "reconnecting", "closed". */
  state = "connecting";
  welcome = null;
  /** When the next attempt starts (ms epoch) while reconnecting, for the banner's countdown. */
  retryAt = 0;
  /** Tokens replaced in place so far (auth.refresh), for diagnostics and tests. */
  refreshes = 0;
  /** Reconnects that followed a server's `reconnect` hint (a draining node), for tests and diagnostics. */
  hintedReconnects = 0;

  /**
   * tokenHook() returns the platform's function that resolves with a fresh token, or null when
   * the page has none: the connection then ends when its token expires.
   */
  constructor(url, token, tokenHook = () => null) {
    super();
    this.#url = url;
    this.#token = token;
    this.#tokenHook = tokenHook;
    addEventListener("online", () => this.#retryNow());
  }

  /** The token in use now: the sign-in's, or the latest one refreshed in its place. */
  get token() {
    return this.#token;
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
    clearTimeout(this.#refreshTimer);
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
      if (this.#renewBeforeAuth || (this.#expiresAt && Date.now() >= this.#expiresAt)) {
        // Back after the server closed on an expired token, or after a gap longer than the token's life.
        this.#renewBeforeAuth = false;
        await this.#renewToken();
      }
      const welcome = await new Promise((resolve, reject) => {
        const id = this.#nextId++;
        this.#pending.set(id, {resolve, reject, type: "auth"});
        // batch: we read room.events frames, so a busy room sends its events in one frame per tick.
        socket.send(JSON.stringify({type: "auth", id, token: this.#token, batch: true}));
      });
      if (this.welcome && welcome.userId !== this.welcome.userId) {
        // A connection of this page is one user's; a hook that hands out someone else's token ends it.
        this.#fatal(new ProtocolError("forbidden", "the refreshed token is for another user", "session"));
        socket.close(1000, "another user");
        return;
      }
      this.welcome = welcome;
      this.#attempt = 0;
      this.#connects++;
      this.#renewedAfterRefusal = false;
      this.#setState("open");
      this.#keepAlive(socket);
      this.#scheduleRefresh(socket, welcome);
      this.dispatchEvent(new CustomEvent("ready", {detail: {welcome, resumed: this.#connects > 1}}));
    } catch (error) {
      if (error.code === "unauthorized") {
        this.#fatal(error);
      }
      // Anything else surfaces as the socket's close, which schedules the next attempt.
    }
  }

  /** How long before expiry to refresh a token that has remainingMs left. */
  #lead(remainingMs) {
    return Math.min(REFRESH_LEAD_MS, remainingMs / 4);
  }

  /** Plans the refresh of the token the server just accepted (welcome or auth.refreshed). */
  #scheduleRefresh(socket, accepted) {
    clearTimeout(this.#refreshTimer);
    const remaining = accepted.expiresAt - accepted.serverTime;
    // On this browser's clock, whatever the difference between its clock and the server's.
    this.#expiresAt = Date.now() + remaining;
    this.#refreshTimer = setTimeout(() => this.#refresh(socket), Math.max(0, remaining - this.#lead(remaining)));
  }

  /**
   * auth.refresh with a token from the platform's hook, looked up now (a platform may install it
   * after sign-in); retried while the current token holds. Without a hook, nothing: the server
   * closes the connection at expiry and the page signs out.
   */
  async #refresh(socket) {
    if (socket !== this.#socket || this.state !== "open" || !this.#tokenHook()) return;
    try {
      const token = await this.#freshToken();
      if (socket !== this.#socket || this.state !== "open") return;
      const reply = await this.request("auth.refresh", {token});
      this.#token = token;
      this.refreshes++;
      this.welcome = {...this.welcome, name: reply.name, roles: reply.roles, adult: reply.adult, expiresAt: reply.expiresAt};
      this.#scheduleRefresh(socket, reply);
      this.dispatchEvent(new CustomEvent("refreshed", {detail: {welcome: this.welcome}}));
    } catch (error) {
      const left = this.#expiresAt - Date.now();
      if (left > 1000 && socket === this.#socket) {
        this.#refreshTimer = setTimeout(() => this.#refresh(socket), Math.min(RETRY_REFRESH_MS, left / 2));
      }
    }
  }

  /** Replaces the token with the hook's before connecting again; keeps it when there is no hook. */
  async #renewToken() {
    if (!this.#tokenHook()) return;
    try {
      this.#token = await this.#freshToken();
    } catch {
      // Connect with the token we have; the server's refusal then ends the session as without a hook.
    }
  }

  async #freshToken() {
    const token = await this.#tokenHook()();
    if (typeof token !== "string" || token.length === 0) {
      throw new Error("the platform's refreshToken() resolved without a token");
    }
    return token;
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
    if (message.type === "reconnect") {
      // The server is draining and we have nothing left there: come back when it says, through the
      // same address, which leads to a node that is not draining.
      this.#hintedWait = Math.max(0, Number(message.after) || 0);
      this.hintedReconnects++;
      this.#socket?.close(1000, "reconnecting as the server asked");
      return;
    }
    if (message.type === "room.events") {
      // One frame holding a room's events of one tick, in order: each is handled as if it came alone, so every
      // gift in it animates and every chat line is appended in turn.
      for (const event of message.events) this.#receive(event);
      return;
    }
    const waiter = message.id === undefined ? undefined : this.#pending.get(message.id);
    if (waiter !== undefined) {
      this.#pending.delete(message.id);
      if (message.type === "error") {
        waiter.reject(new ProtocolError(message.code, message.message, waiter.type, message.reason));
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
    clearTimeout(this.#refreshTimer);
    for (const waiter of this.#pending.values()) {
      waiter.reject(new ProtocolError("connection_lost", `connection closed (${event.code})`, waiter.type));
    }
    this.#pending.clear();
    if (this.#closedByUs) return;
    if (event.code === 4001) {
      if (this.#tokenHook() && !this.#renewedAfterRefusal) {
        // The token expired (or was refused): one more try with a fresh one from the platform.
        this.#renewedAfterRefusal = true;
        this.#renewBeforeAuth = true;
      } else {
        const expired = event.reason === "token expired";
        this.#fatal(new ProtocolError("unauthorized", expired ? "the sign-in expired" : "the server refused the token",
            expired ? "session" : "auth"));
        return;
      }
    }
    const delay = Math.min(BACKOFF_MS[this.#attempt] ?? BACKOFF_CAP_MS, BACKOFF_CAP_MS);
    // Jitter, so a server restart is not met by every phone at the same instant; a hint is spread by the server.
    const hinted = this.#hintedWait;
    this.#hintedWait = undefined;
    const wait = hinted ?? Math.round(delay * (0.75 + Math.random() * 0.5));
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
