"use strict";

// What the e2e test pages share: their progress record (window.state, mirrored in the title), a
// dev token, and request/reply signaling over /ws. A page's own fields go into state as it runs.
const state = window.state = {
  phase: "loading", roomId: null, connectionState: "new", iceConnectionState: "new",
  error: null, timeOrigin: performance.timeOrigin, marks: {}, log: []
};

// The first time each step is reached goes into marks (performance.now() ms); every step into the log.
function note(name) {
  const now = Math.round(performance.now());
  if (!(name in state.marks)) state.marks[name] = now;
  state.log.push(`${now} ${name}`);
}

function progress(phase) {
  state.phase = phase;
  note(phase);
  if (state.error === null) {
    document.title = state.roomId ? `${phase.toUpperCase()} ${state.roomId}` : phase.toUpperCase();
  }
}

function failWith(reason) {
  if (state.error !== null) return;
  state.error = reason;
  state.log.push(`${Math.round(performance.now())} FAIL ${reason}`);
  document.title = `FAIL ${reason}`;
}

async function devToken(roles, name) {
  const response = await fetch("/dev/token", {
    method: "POST",
    headers: {"content-type": "application/json"},
    body: JSON.stringify({user: "browser-" + crypto.randomUUID().slice(0, 8), name, roles, adult: true})
  });
  if (!response.ok) throw new Error(`POST /dev/token answered HTTP ${response.status}`);
  return (await response.json()).token;
}

// Resolves to request(body): replies carry our id, errors reject with "code: message". Pushed
// events (no id of ours) go to onEvent after being logged.
function connect(onEvent = () => {}) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}/ws`);
  const pending = new Map();
  let nextId = 1;
  socket.onmessage = event => {
    const message = JSON.parse(event.data);
    const waiter = pending.get(message.id);
    if (waiter === undefined) {
      state.log.push(`${Math.round(performance.now())} event ${message.type}`);
      onEvent(message);
      return;
    }
    pending.delete(message.id);
    if (message.type === "error") waiter.reject(new Error(`${message.code}: ${message.message}`));
    else waiter.resolve(message);
  };
  socket.onclose = event => failWith(`signaling closed (${event.code}) in phase ${state.phase}`);
  const request = body => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, {resolve, reject});
    socket.send(JSON.stringify({...body, id}));
  });
  return new Promise((resolve, reject) => {
    socket.onopen = () => resolve(request);
    socket.onerror = () => reject(new Error("WebSocket /ws failed to open"));
  });
}

// Notes each ICE and connection state, so a slow connection shows which step took the time.
function watchConnection(peer) {
  peer.onconnectionstatechange = () => {
    state.connectionState = peer.connectionState;
    note(`connection-${peer.connectionState}`);
    if (peer.connectionState === "failed") failWith("peer connection failed");
  };
  peer.oniceconnectionstatechange = () => {
    state.iceConnectionState = peer.iceConnectionState;
    note(`ice-${peer.iceConnectionState}`);
  };
}

function watchDtls(transport) {
  transport.onstatechange = () => note(`dtls-${transport.state}`);
}

// A peer's RTP statistics of one type ("inbound-rtp", "outbound-rtp"), with each stream's codec.
async function rtpStats(peer, type, pick) {
  if (peer === null) return [];
  const report = await peer.getStats();
  const result = [];
  report.forEach(stat => {
    if (stat.type !== type) return;
    const codec = stat.codecId ? report.get(stat.codecId) : undefined;
    result.push({kind: stat.kind, ssrc: stat.ssrc, mimeType: codec ? codec.mimeType : null, ...pick(stat)});
  });
  return result;
}
