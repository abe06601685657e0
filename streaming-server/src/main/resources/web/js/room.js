// What a live room offers beside video, chat and gifts: likes with floating hearts, the pinned
// message, sharing the show's link, actions on a chat message (report, block; mute, remove, ban
// for the host and moderators), the host's members sheet with pinning and slow mode, and being
// removed. The server enforces every rule (docs/protocol.md, "Moderation and reactions"); this
// only offers what the person may do.

import {$, h, toast} from "./dom.js";
import {openModal} from "./modal.js";
import {describe} from "./errors.js";

const BLOCKED_KEY = "livestage.blocked";
/** Hearts on screen at once: a flood of likes must not cost a phone its frame rate. */
const MAX_HEARTS = 24;

/** Users this browser blocked, kept across reloads and sent again on every connection (blocks are per connection). */
export class BlockList {
  #users;
  #signaling;

  constructor(signaling) {
    this.#signaling = signaling;
    try {
      this.#users = new Set(JSON.parse(localStorage.getItem(BLOCKED_KEY)) ?? []);
    } catch {
      this.#users = new Set();
    }
    signaling.addEventListener("ready", () => this.#sendAll());
    if (signaling.state === "open") this.#sendAll();
  }

  has(userId) {
    return this.#users.has(userId);
  }

  async block(userId) {
    await this.#signaling.request("user.block", {userId, blocked: true});
    this.#users.add(userId);
    this.#save();
  }

  #save() {
    localStorage.setItem(BLOCKED_KEY, JSON.stringify([...this.#users]));
  }

  #sendAll() {
    for (const userId of this.#users) this.#signaling.notify("user.block", {userId, blocked: true});
  }
}

/** The link that opens a show: the client's own address with #show=<roomId>. */
export function showLink(roomId) {
  return `${location.origin}${location.pathname}#show=${encodeURIComponent(roomId)}`;
}

/** Web Share where the browser has it (phones), else the link copied to the clipboard. */
export async function share(roomId, title, t) {
  const url = showLink(roomId);
  if (navigator.share) {
    try {
      await navigator.share({title, url});
      return;
    } catch (error) {
      if (error.name === "AbortError") return;
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    toast(t("share.copied"));
  } catch {
    toast(t("share.copyFailed", {url}), "error");
  }
}

export class RoomTools {
  #session;
  #root;
  #role = "viewer";
  #likes = 0;
  roomId = null;
  title = "";

  /** root: the screen's section; it holds .pinned, .heart-layer, .like-count and the like button. */
  constructor(session, root, {onRemoved}) {
    this.#session = session;
    this.#root = root;
    const signaling = session.signaling;
    const like = root.querySelector(".like");
    if (like) like.onclick = () => this.#like();
    const shareButton = root.querySelector(".share");
    if (shareButton) shareButton.onclick = () => this.roomId && share(this.roomId, this.title, session.t);
    const reportButton = root.querySelector(".report-show");
    if (reportButton) reportButton.onclick = () => this.roomId && this.#report(null, session.t("report.titleShow"));
    signaling.on("likes", message => {
      if (message.roomId !== this.roomId) return;
      this.#setLikes(message.total);
      this.#hearts(Math.min(message.count, 8));
    });
    signaling.on("room.pinned", message => { if (message.roomId === this.roomId) this.#pin(message.pinned); });
    signaling.on("room.removed", message => {
      if (message.roomId !== this.roomId) return;
      toast(session.t(message.reason === "banned" ? "room.banned" : "room.removed"), "error");
      onRemoved();
    });
    signaling.on("room.moderated", message => {
      if (message.roomId !== this.roomId || message.userId !== session.me.userId) return;
      if (message.action === "promote") this.#role = "moderator";
      if (message.action === "demote") this.#role = "viewer";
      const key = {mute: "room.youMuted", unmute: "room.youUnmuted", promote: "room.youModerate", demote: "room.youNoLongerModerate"}[message.action];
      if (key) toast(session.t(key));
    });
  }

  /** A room.joined reply, or the creator's own show.started. */
  enter(roomId, joined = {}) {
    this.roomId = roomId;
    this.title = joined.title ?? this.title;
    this.#role = joined.role ?? "viewer";
    this.#setLikes(joined.likes ?? 0);
    this.#pin(joined.pinned ?? null);
    this.#root.querySelector(".heart-layer")?.replaceChildren();
  }

  leave() {
    this.roomId = null;
    this.#pin(null);
  }

  get moderates() {
    return this.#role === "host" || this.#role === "moderator";
  }

  #setLikes(total) {
    this.#likes = total;
    const count = this.#root.querySelector(".like-count");
    if (count) count.textContent = this.#session.formatNumber(total);
  }

  #pin(pinned) {
    const bar = this.#root.querySelector(".pinned");
    if (!bar) return;
    bar.hidden = !pinned;
    bar.querySelector(".pinned-text").textContent = pinned?.text ?? "";
  }

  async #like() {
    if (!this.roomId) return;
    this.#hearts(1);
    try {
      await this.#session.signaling.request("like.send", {roomId: this.roomId});
    } catch (error) {
      if (error.code !== "connection_lost") toast(describe(error), "error");
    }
  }

  #hearts(count) {
    const layer = this.#root.querySelector(".heart-layer");
    if (!layer || matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    for (let i = 0; i < count && layer.children.length < MAX_HEARTS; i++) {
      const heart = h("span", {class: "heart", style: `--drift:${Math.round(Math.random() * 60 - 30)}px;--delay:${i * 90}ms`}, "♥");
      heart.addEventListener("animationend", () => heart.remove());
      layer.append(heart);
    }
  }

  /** What a tap on someone's chat line offers: report and block for all, more for the host and moderators. */
  messageActions(message) {
    const session = this.#session;
    const t = session.t;
    const dialog = $("#message-actions");
    $("#message-actions-title").textContent = t("actions.title", {name: message.from.name});
    for (const button of dialog.querySelectorAll("[data-moderator]")) {
      button.hidden = !this.moderates || message.from.userId === this.#hostId();
    }
    const close = openModal(dialog);
    const roomId = this.roomId;
    const act = async (work, done) => {
      close();
      try {
        await work();
        toast(done);
      } catch (error) {
        toast(describe(error), "error");
      }
    };
    dialog.querySelector("[data-action=report]").onclick = () => {
      close();
      this.#report(message.msgId, t("report.titleMessage", {name: message.from.name}));
    };
    dialog.querySelector("[data-action=block]").onclick = () => act(async () => {
      await session.blocks.block(message.from.userId);
      document.querySelectorAll(`.chat-log li[data-from="${CSS.escape(message.from.userId)}"]`).forEach(li => li.remove());
    }, t("actions.blocked", {name: message.from.name}));
    for (const action of ["mute", "remove", "ban"]) {
      dialog.querySelector(`[data-action=${action}]`).onclick = () => act(() => session.signaling.request("room.moderate",
          {roomId, userId: message.from.userId, action}), t(`actions.${action}Done`, {name: message.from.name}));
    }
    dialog.querySelector("[data-action=cancel]").onclick = () => close();
  }

  /** Asks why, then files the report: of a message when messageId is given, else of the show. */
  #report(messageId, question) {
    const session = this.#session;
    const dialog = $("#report-dialog");
    $("#report-title").textContent = question;
    const close = openModal(dialog);
    const roomId = this.roomId;
    for (const button of dialog.querySelectorAll("[data-reason]")) {
      button.onclick = async () => {
        close();
        const reason = button.dataset.reason;
        try {
          await session.signaling.request("report.send", messageId ? {roomId, messageId, reason} : {roomId, reason});
          toast(session.t("actions.reported"));
        } catch (error) {
          toast(describe(error), "error");
        }
      };
    }
    dialog.querySelector("[data-action=cancel]").onclick = () => close();
  }

  #hostId() {
    return this.#role === "host" ? this.#session.me.userId : this.hostId;
  }
}

/** The host's sheet: who is watching (paged), with mute, remove, ban and moderator buttons; pinning; slow mode. */
export class MembersSheet {
  #session;
  #sheet;
  #close = null;
  #next = null;
  roomId = null;

  constructor(session) {
    this.#session = session;
    this.#sheet = $("#members-sheet");
    this.#sheet.querySelector(".sheet-close").onclick = () => this.#close?.();
    $("#members-more").onclick = () => this.#load(this.#next);
    $("#pin-form").onsubmit = event => {
      event.preventDefault();
      const text = $("#pin-text").value.trim();
      this.#request("room.pin", text ? {text} : {}, text ? "members.pinned" : "members.unpinned");
    };
    $("#unpin").onclick = () => this.#request("room.pin", {}, "members.unpinned");
    $("#slow-mode").onchange = () => this.#request("room.settings", {slowModeSeconds: Number($("#slow-mode").value)},
        "members.slowModeSet");
  }

  /** The show ended (or the host left it): the sheet has nothing left to act on. */
  close() {
    this.#close?.();
  }

  open(roomId) {
    this.roomId = roomId;
    $("#members-list").replaceChildren();
    this.#close = openModal(this.#sheet, () => { this.#close = null; });
    this.#load(null);
  }

  async #load(cursor) {
    const t = this.#session.t;
    try {
      const page = await this.#session.signaling.request("room.members", cursor ? {roomId: this.roomId, cursor} : {roomId: this.roomId});
      // The total counts the host (who is the one looking); the title counts viewers, like the stage's eye.
      $("#members-title").textContent = t("members.title", {count: this.#session.formatNumber(Math.max(0, page.total - 1))});
      this.#next = page.next ?? null;
      $("#members-more").hidden = !this.#next;
      $("#members-list").append(...page.members.filter(m => m.role !== "host").map(member => this.#row(member)));
    } catch (error) {
      toast(describe(error), "error");
    }
  }

  #row(member) {
    const t = this.#session.t;
    const row = h("li", {dataset: {userId: member.userId}},
        h("div", {class: "item-text"}, h("strong", {}, member.name),
            h("span", {class: "hint"}, [t(`role.${member.role}`), member.muted ? t("members.muted") : null].filter(Boolean).join(" · "))));
    const button = (action, label) => h("button", {type: "button", class: `small ${action}`, dataset: {action},
      onclick: async () => {
        if (await this.#request("room.moderate", {userId: member.userId, action}, `actions.${action}Done`, {name: member.name})) {
          if (action === "remove" || action === "ban") row.remove();
          else row.replaceWith(this.#row({...member, muted: action === "mute" ? true : action === "unmute" ? false : member.muted,
            role: action === "promote" ? "moderator" : action === "demote" ? "viewer" : member.role}));
        }
      }}, label);
    row.append(h("div", {class: "row-actions"},
        member.muted ? button("unmute", t("actions.unmute")) : button("mute", t("actions.mute")),
        button("remove", t("actions.remove")), button("ban", t("actions.ban")),
        member.role === "moderator" ? button("demote", t("actions.demote")) : button("promote", t("actions.promote"))));
    return row;
  }

  async #request(type, fields, doneKey, vars) {
    try {
      await this.#session.signaling.request(type, {roomId: this.roomId, ...fields});
      toast(this.#session.t(doneKey, vars));
      return true;
    } catch (error) {
      toast(describe(error), "error");
      return false;
    }
  }
}
