// Gifts: the catalog, the animation layer over the video (with combos), the picker with prices
// and the wallet balance, and the top-gifters board.

import {announce, h, toast, uniqueKey} from "./dom.js";
import {confirmDialog, openModal} from "./modal.js";
import {describe} from "./errors.js";
import {formatNumber, has, t} from "./i18n.js";

// More than this many small animations at once and the oldest make way; large ones queue.
const MAX_SMALL_ON_SCREEN = 6;

let catalogPromise = null;

/** The catalog, asked once per signed-in session: [{giftId, name, price, animation}]. */
export function loadCatalog(signaling) {
  catalogPromise ??= signaling.request("gift.catalog").then(reply => reply.gifts).catch(error => {
    catalogPromise = null;
    throw error;
  });
  return catalogPromise;
}

export function forgetCatalog() {
  catalogPromise = null;
}

/**
 * A gift's name in the page's language: the message catalog's gift.<giftId> where it has one (the
 * default gifts), else the name the platform configured, which is all a gift of its own has.
 */
function giftName(gift) {
  return has(`gift.${gift.giftId}`) ? t(`gift.${gift.giftId}`) : gift.name;
}

/** Plays every gift event of a room over its video. */
export class GiftOverlay {
  #layer;
  #names = new Map();
  #active = new Map();
  #largeQueue = [];
  #largePlaying = false;

  constructor(layer, signaling) {
    this.#layer = layer;
    loadCatalog(signaling).then(gifts => { for (const g of gifts) this.#names.set(g.giftId, g); }, () => {});
  }

  /** A `gift` event: same sender and gift while its animation runs bumps the combo instead of stacking. */
  play(gift) {
    announce(t("gifts.announce", {name: gift.from.name, gift: this.#name(gift)}));
    const comboKey = `${gift.from.userId}/${gift.giftId}`;
    const running = this.#active.get(comboKey);
    if (running) {
      this.#bump(running, gift);
      return;
    }
    if (gift.animation.tier === "large") {
      this.#largeQueue.push(gift);
      this.#nextLarge();
      return;
    }
    const small = this.#layer.querySelectorAll(".gift-anim:not(.tier-large)");
    if (small.length >= MAX_SMALL_ON_SCREEN) small[0].remove();
    this.#start(gift, comboKey);
  }

  /** A gift event's name: known from the catalog, else its id (a gift added since the catalog was read). */
  #name(gift) {
    const known = this.#names.get(gift.giftId);
    return known ? giftName(known) : gift.giftId;
  }

  clear() {
    this.#layer.replaceChildren();
    this.#active.clear();
    this.#largeQueue = [];
    this.#largePlaying = false;
  }

  #nextLarge() {
    if (this.#largePlaying || this.#largeQueue.length === 0) return;
    this.#largePlaying = true;
    const gift = this.#largeQueue.shift();
    this.#start(gift, `${gift.from.userId}/${gift.giftId}`, () => {
      this.#largePlaying = false;
      this.#nextLarge();
    });
  }

  #start(gift, comboKey, done = () => {}) {
    const name = this.#name(gift);
    const combo = h("span", {class: "gift-combo"});
    const element = h("div", {
      class: `gift-anim tier-${gift.animation.tier}`,
      dataset: {giftId: gift.giftId, txId: gift.txId, from: gift.from.userId}
    },
    h("img", {src: gift.animation.url, alt: name}),
    h("span", {class: "gift-caption"}, h("strong", {}, gift.from.name), ` ${t("gifts.sent", {gift: name})}`,
        gift.count > 1 ? ` ×${formatNumber(gift.count)}` : ""),
    combo);
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    element.style.setProperty("--duration", `${gift.animation.durationMs}ms`);
    element.style.setProperty("--lane", String(Math.floor(Math.random() * 4)));
    const entry = {element, combo, timer: null, done};
    this.#setCombo(entry, gift.combo);
    this.#active.set(comboKey, entry);
    this.#layer.append(element);
    const finish = () => {
      element.remove();
      if (this.#active.get(comboKey) === entry) this.#active.delete(comboKey);
      entry.done();
    };
    entry.finish = finish;
    entry.timer = setTimeout(finish, gift.animation.durationMs);
    entry.durationMs = gift.animation.durationMs;
  }

  #bump(entry, gift) {
    this.#setCombo(entry, gift.combo);
    entry.element.dataset.txId = gift.txId;
    entry.element.classList.remove("bump");
    // Reading offsetWidth restarts the CSS animation on the same element.
    void entry.element.offsetWidth;
    entry.element.classList.add("bump");
    clearTimeout(entry.timer);
    entry.timer = setTimeout(entry.finish, entry.durationMs);
  }

  #setCombo(entry, combo) {
    entry.combo.textContent = combo > 1 ? t("gifts.combo", {count: formatNumber(combo)}) : "";
  }
}

/** The top-gifters board: [{userId, name, amount}]. */
export function renderLeaderboard(list, top) {
  list.replaceChildren(...(top ?? []).map((gifter, index) =>
    h("li", {dataset: {userId: gifter.userId}},
        h("span", {class: "rank"}, `${index + 1}`), h("span", {class: "who"}, gifter.name),
        h("span", {class: "amount"}, t("gifts.leaderboardAmount", {amount: formatNumber(gifter.amount)})))));
  list.closest(".leaderboard")?.toggleAttribute("data-empty", !top || top.length === 0);
}

/** The bottom sheet to send gifts: prices, a count, the balance; each tap is one idempotent send. */
export class GiftPicker {
  #sheet;
  #signaling;
  #roomId = null;
  #count = 1;
  #wallet;
  #client;
  /** Closes the open sheet as a modal (focus back to where it was), or null while it is closed. */
  #closeModal = null;

  /** client: the server's settings (welcome.client): the confirmation threshold and the coin shop's address. */
  constructor(sheet, signaling, wallet, devCredit, client = {}) {
    this.#client = client;
    const buy = sheet.querySelector(".buy-coins");
    if (buy) {
      buy.hidden = Boolean(devCredit) || !client.buyCoinsUrl;
      if (client.buyCoinsUrl) buy.href = client.buyCoinsUrl;
    }
    this.#sheet = sheet;
    this.#signaling = signaling;
    this.#wallet = wallet;
    // Static elements take handlers as properties, so signing in again replaces rather than stacks them.
    sheet.querySelector(".sheet-close").onclick = () => this.close();
    for (const button of sheet.querySelectorAll(".gift-count button")) {
      button.onclick = () => {
        this.#count = Number(button.dataset.count);
        for (const other of sheet.querySelectorAll(".gift-count button")) {
          other.setAttribute("aria-pressed", String(other === button));
        }
        this.#renderBalance(this.#wallet.balance);
      };
    }
    const add = sheet.querySelector(".add-coins");
    add.hidden = !devCredit;
    add.onclick = async () => {
      try {
        this.#wallet.set(await devCredit(100));
        toast(t("gifts.devAdded"));
      } catch (error) {
        toast(describe(error), "error");
      }
    };
    wallet.subscribe(balance => this.#renderBalance(balance));
  }

  async open(roomId) {
    this.#roomId = roomId;
    // A modal like the other sheets: focus moves in and stays there, Escape closes, focus returns to the gift button.
    this.#closeModal ??= openModal(this.#sheet, () => { this.#closeModal = null; });
    this.#wallet.refresh();
    const grid = this.#sheet.querySelector(".gift-grid");
    try {
      const gifts = await loadCatalog(this.#signaling);
      grid.replaceChildren(...gifts.map(gift => h("button", {
        class: "gift-option", type: "button", dataset: {giftId: gift.giftId, price: gift.price},
        onclick: () => this.#send(gift)
      }, h("img", {src: gift.animation.url, alt: ""}), h("span", {class: "gift-name"}, giftName(gift)),
        h("span", {class: "gift-price"}, t(gift.price === 1 ? "gifts.priceOne" : "gifts.price", {price: formatNumber(gift.price)})))));
      this.#renderBalance(this.#wallet.balance);
    } catch (error) {
      grid.replaceChildren(h("p", {class: "error"}, describe(error)));
    }
  }

  close() {
    if (this.#closeModal) this.#closeModal();
    else this.#sheet.hidden = true;
  }

  get isOpen() {
    return !this.#sheet.hidden;
  }

  #renderBalance(balance) {
    this.#sheet.querySelector(".wallet-balance").textContent = balance === null ? "…" : formatNumber(balance);
    for (const option of this.#sheet.querySelectorAll(".gift-option")) {
      option.classList.toggle("unaffordable", balance !== null && Number(option.dataset.price) * this.#count > balance);
    }
  }

  async #send(gift) {
    const coins = gift.price * this.#count;
    // One tap must not spend a fortune: above the platform's threshold, ask first.
    if (this.#client.giftConfirmAbove !== undefined && coins > this.#client.giftConfirmAbove
        && !await confirmDialog(t("gifts.confirm", {count: formatNumber(this.#count), gift: giftName(gift), coins: formatNumber(coins)}),
            t("gifts.confirmYes"), t("gifts.confirmNo"))) {
      return;
    }
    const key = uniqueKey();
    const order = {roomId: this.#roomId, giftId: gift.giftId, count: this.#count, key};
    try {
      const sent = await this.#sendOnce(order);
      this.#wallet.set(sent.balance);
    } catch (error) {
      toast(describe(error), "error");
    }
  }

  // A send lost with the connection is retried once it is back, with the same key: never charged twice.
  async #sendOnce(order) {
    try {
      return await this.#signaling.request("gift.send", order);
    } catch (error) {
      if (error.code !== "connection_lost" && error.code !== "unavailable") throw error;
      await new Promise(resolve => {
        if (this.#signaling.state === "open") setTimeout(resolve, 1000);
        else this.#signaling.addEventListener("ready", resolve, {once: true});
      });
      return this.#signaling.request("gift.send", order);
    }
  }
}
