// The web client's entry: sign-in, the signed-in session (signaling, wallet, quality pill,
// connection banner) and the screens. Speaks PROTOCOL.md + docs/protocol.md.

import {$, showScreen, toast} from "./dom.js";
import {confirmDialog} from "./modal.js";
import {describe} from "./errors.js";
import {Signaling} from "./signaling.js";
import {Wallet} from "./wallet.js";
import {QualityMeter} from "./quality.js";
import {forgetCatalog} from "./gifts.js";
import {HomeScreen} from "./home.js";
import {CreatorScreen} from "./creator.js";
import {ViewerScreen} from "./viewer.js";
import {Consultations} from "./consult.js";
import {BlockList} from "./room.js";
import {formatNumber, formatUnit, preferredLanguage, setLanguage, t} from "./i18n.js";

const TOKEN_KEY = "livestage.token";

/** What every screen shares for one signed-in session. */
class Session {
  screen = null;

  constructor(signaling, devMode) {
    this.signaling = signaling;
    // Dev conveniences (free coins) only when the server says it is in dev mode, whatever signed us in.
    this.client = signaling.welcome.client ?? {};
    this.devMode = devMode && this.client.devMode !== false;
    this.t = t;
    this.formatNumber = formatNumber;
    this.blocks = new BlockList(signaling);
    this.wallet = new Wallet(signaling);
    this.quality = new QualityMeter($("#quality"), () => this.screen?.peerConnections?.() ?? []);
    this.home = new HomeScreen(this);
    this.creator = new CreatorScreen(this);
    this.viewer = new ViewerScreen(this);
    this.calls = new Consultations(this);
  }

  get me() {
    return this.signaling.welcome;
  }

  hasRole(role) {
    return this.me.roles.includes(role);
  }

  /** Dev mode only: POST /dev/credit for ourselves; resolves with the new balance. */
  async devCredit(coins) {
    const response = await fetch("/dev/credit", {method: "POST", headers: {"content-type": "application/json"},
      body: JSON.stringify({userId: this.me.userId, coins})});
    if (!response.ok) throw new Error(t("gifts.devAddFailed"));
    return (await response.json()).balance;
  }

  /** Leaves the current screen (its cleanup runs) and enters another. */
  go(screen, ...args) {
    if (this.screen && this.screen !== screen) this.screen.leave?.();
    this.screen = screen;
    $("#back").hidden = screen === this.home;
    screen.enter(...args);
  }

  goHome() {
    this.go(this.home);
  }
}

let session = null;

/** The top bar's coins; creators and consultants also see what they earned, which is not spendable balance. */
function renderCoins(balance, earnings) {
  const coins = {balance: formatNumber(balance ?? 0), earnings: formatNumber(earnings ?? 0)};
  $("#coins-balance").textContent = balance === null ? "…" : earnings ? t("wallet.withEarnings", coins) : coins.balance;
  $("#coins").title = earnings ? t("wallet.titleWithEarnings", coins) : t("wallet.yourCoins");
}

function showSignIn(message) {
  $("#topbar").hidden = true;
  $("#connection-banner").hidden = true;
  const error = $("#signin-error");
  error.hidden = !message;
  error.textContent = message ?? "";
  showScreen("signin");
}

async function devToken() {
  const name = $("#signin-name").value.trim();
  const roles = [...document.querySelectorAll(".roles input:checked")].map(input => input.value);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 24) || "user";
  const user = `${slug}-${Math.random().toString(36).slice(2, 8)}`;
  const body = {user, name, roles, adult: $("#signin-adult").checked};
  if (roles.includes("consultant")) body.rate = Number($("#signin-rate").value);
  const response = await fetch("/dev/token", {method: "POST", headers: {"content-type": "application/json"},
    body: JSON.stringify(body)});
  if (response.status === 404) {
    $("#token-signin").open = true;
    throw new Error(t("signin.devOff"));
  }
  const answer = await response.json().catch(() => ({}));
  // The server's message is for developers (and English): shown after our own sentence, as a detail.
  if (!response.ok) throw new Error(answer.message ? t("signin.refused", {message: answer.message}) : t("signin.failed"));
  return answer.token;
}

function renderBanner(signaling) {
  const banner = $("#connection-banner");
  let countdown = null;
  signaling.addEventListener("state", ({detail}) => {
    clearInterval(countdown);
    document.body.dataset.connection = detail.state;
    if (detail.state === "open") {
      if (!banner.hidden) toast(t("connection.back"));
      banner.hidden = true;
      return;
    }
    if (detail.state !== "reconnecting") return;
    banner.hidden = false;
    const render = () => {
      const seconds = Math.ceil((signaling.retryAt - Date.now()) / 1000);
      banner.textContent = seconds > 0
          ? t("connection.reconnectingIn", {time: formatUnit(seconds, "second")})
          : t("connection.reconnecting");
    };
    render();
    countdown = setInterval(render, 250);
  });
}

/**
 * The embedding platform's hook for a fresh token, window.LiveStage.refreshToken (an async function
 * resolving with a JWT; see the README), or null. Looked up each time: an app may install it late.
 */
function platformTokenHook() {
  const hook = window.LiveStage?.refreshToken;
  return typeof hook === "function" ? hook : null;
}

async function signIn(token, devMode) {
  const signaling = new Signaling(Signaling.defaultUrl(), token, platformTokenHook);
  try {
    await signaling.start();
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    signaling.close();
    throw new Error(describe(error));
  }
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify({token, devMode}));
  renderBanner(signaling);
  signaling.addEventListener("fatal", ({detail}) => signOut(describe(detail.error)));
  // A reload of this tab signs in with the latest token, not the one that has expired since.
  const remember = () => sessionStorage.setItem(TOKEN_KEY, JSON.stringify({token: signaling.token, devMode}));
  signaling.addEventListener("ready", remember);
  signaling.addEventListener("refreshed", ({detail}) => {
    remember();
    $("#me").textContent = detail.welcome.name;
  });
  session = new Session(signaling, devMode);
  window.livestage.session = session;
  const me = session.me;
  $("#me").textContent = me.name;
  $("#me").dataset.userId = me.userId;
  $("#topbar").hidden = false;
  session.wallet.subscribe(renderCoins);
  session.wallet.refresh();
  signaling.addEventListener("ready", () => session.wallet.refresh());
  const wanted = pendingShow;
  pendingShow = null;
  if (wanted) openShow(wanted);
  else session.goHome();
}

/** A roomId from the address (#show=<roomId>), kept until signed in. */
let pendingShow = null;

function showFromHash() {
  const roomId = new URLSearchParams(location.hash.slice(1)).get("show");
  return roomId || null;
}

/** Opens a shared show's link: our own show in the studio, anyone else's to watch. */
async function openShow(roomId) {
  session.goHome();
  try {
    const {shows} = await session.signaling.request("show.list");
    const show = shows.find(s => s.roomId === roomId);
    if (!show) {
      toast(t("share.gone"), "error");
      return;
    }
    if (show.hostId === session.me.userId) session.go(session.creator, roomId);
    else session.go(session.viewer, show);
  } catch (error) {
    toast(describe(error), "error");
  }
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (session) {
    session.screen?.leave?.();
    session.calls.shutdown();
    session.quality.stop();
    session.signaling.close();
    session = null;
    window.livestage.session = null;
  }
  forgetCatalog();
  showSignIn(message);
}

async function withButton(button, action) {
  button.disabled = true;
  $("#signin-error").hidden = true;
  try {
    await action();
  } catch (error) {
    showSignIn(error.message);
  } finally {
    button.disabled = false;
  }
}

/** What the server tells the page before sign-in: whether the dev form exists (GET /client.json). */
async function loadClientSettings() {
  try {
    const response = await fetch("/client.json");
    return response.ok ? await response.json() : {devMode: false};
  } catch {
    return {devMode: false};
  }
}

function wireSignIn() {
  for (const menu of document.querySelectorAll(".language select")) menu.onchange = () => setLanguage(menu.value, true);
  // Text that code wrote (not named by data-i18n in the page) follows a change of language too.
  document.addEventListener("languagechange", ({detail}) => {
    for (const menu of document.querySelectorAll(".language select")) menu.value = detail.language;
    if (session) renderCoins(session.wallet.balance, session.wallet.earnings);
  });
  const consultant = $("#signin-role-consultant");
  consultant.addEventListener("change", () => { $("#signin-rate-row").hidden = !consultant.checked; });
  $("#dev-signin").addEventListener("submit", event => {
    event.preventDefault();
    withButton($("#signin-submit"), async () => signIn(await devToken(), true));
  });
  $("#token-form").addEventListener("submit", event => {
    event.preventDefault();
    withButton($("#token-submit"), () => signIn($("#token-input").value.trim(), false));
  });
  $("#sign-out").addEventListener("click", () => signOut());
  $("#back").addEventListener("click", () => session?.screen?.back ? session.screen.back() : session?.goHome());
}

/**
 * A token handed over in the address (#token=…), then the one this tab signed in with. A link's
 * token replaces a sign-in only when the person says so: anyone can send a link that would
 * otherwise quietly sign them in as someone else (whose wallet their coins would then go to).
 */
async function startingToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    // Out of the address bar and history: a token is a credential.
    history.replaceState(null, "", location.pathname + location.search);
  }
  let stored = null;
  try {
    stored = JSON.parse(sessionStorage.getItem(TOKEN_KEY));
  } catch {
    stored = null;
  }
  if (!fromHash || fromHash === stored?.token) return stored;
  if (stored?.token && !await confirmDialog(t("signin.switchAccount"), t("signin.switchYes"), t("signin.switchNo"))) {
    return stored;
  }
  return {token: fromHash, devMode: false};
}

// Diagnostics for people and browser tests: the live session and its PeerConnections' statistics.
window.livestage = {
  session: null,
  peerConnections: () => session?.screen?.peerConnections?.() ?? [],
  describe: () => ({...document.body.dataset, signaling: session?.signaling.state ?? "signed out",
    peers: window.livestage.peerConnections().map(pc => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`)}),
  rtpStats: async type => {
    const result = [];
    for (const pc of window.livestage.peerConnections()) {
      const report = await pc.getStats();
      report.forEach(stat => {
        if (stat.type !== type) return;
        const codec = stat.codecId ? report.get(stat.codecId) : undefined;
        result.push({kind: stat.kind, mimeType: codec?.mimeType ?? null, packetsReceived: stat.packetsReceived ?? 0,
          packetsSent: stat.packetsSent ?? 0, framesDecoded: stat.framesDecoded ?? 0,
          framesEncoded: stat.framesEncoded ?? 0, totalSamplesReceived: stat.totalSamplesReceived ?? 0,
          frameWidth: stat.frameWidth ?? 0, frameHeight: stat.frameHeight ?? 0});
      });
    }
    return result;
  }
};

window.addEventListener("hashchange", () => {
  const roomId = showFromHash();
  if (!roomId) return;
  history.replaceState(null, "", location.pathname + location.search);
  if (session) openShow(roomId);
  else pendingShow = roomId;
});

async function main() {
  wireSignIn();
  pendingShow = showFromHash();
  const language = preferredLanguage();
  $("#language").value = language;
  const [settings] = await Promise.all([loadClientSettings(), setLanguage(language).catch(() => {})]);
  // Outside dev mode the dev form would only fail: production signs in through the platform.
  $("#dev-signin").hidden = !settings.devMode;
  $("#production-signin").hidden = settings.devMode;
  $("#token-signin").open = !settings.devMode;
  const start = await startingToken();
  // Signed in already: the link is used now. Otherwise it stays in the address until sign-in, so a reload keeps it.
  if (pendingShow && start?.token) history.replaceState(null, "", location.pathname + location.search);
  if (start?.token) {
    signIn(start.token, start.devMode).catch(error => showSignIn(error.message));
  } else {
    showSignIn();
  }
}

main();
