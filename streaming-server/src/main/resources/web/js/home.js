// Home: go live (creators), availability (consultants), the live shows and the consultants.

import {$, h, showScreen, toast} from "./dom.js";
import {describe} from "./errors.js";

const REFRESH_MS = 5000;

/**
 * Updates a list in place, keyed: entries that stay keep their element (a finger about to tap
 * its button is not pulled from under it every refresh); only their text is refreshed.
 */
function syncList(list, items, keyOf, render) {
  const existing = new Map([...list.children].map(element => [element.dataset.key, element]));
  const elements = items.map(item => {
    const fresh = render(item);
    const kept = existing.get(keyOf(item));
    if (!kept) return fresh;
    kept.querySelector(".item-text").replaceWith(fresh.querySelector(".item-text"));
    return kept;
  });
  elements.forEach((element, index) => {
    if (list.children[index] !== element) list.insertBefore(element, list.children[index] ?? null);
  });
  while (list.children.length > elements.length) list.lastElementChild.remove();
}

export class HomeScreen {
  #session;
  #timer = null;

  constructor(session) {
    this.#session = session;
    $("#open-studio").onclick = () => session.go(session.creator);
    $("#refresh-shows").onclick = () => this.#loadShows();
    $("#refresh-consultants").onclick = () => this.#loadConsultants();
    session.signaling.addEventListener("ready", () => { if (session.screen === this) this.#refresh(); });
  }

  enter() {
    const session = this.#session;
    showScreen("home");
    session.quality.stop();
    $("#go-live-card").hidden = !session.hasRole("creator");
    $("#availability-card").hidden = !session.hasRole("consultant");
    this.#refresh();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => { if (!document.hidden) this.#refresh(); }, REFRESH_MS);
  }

  leave() {
    clearInterval(this.#timer);
  }

  #refresh() {
    this.#loadShows();
    this.#loadConsultants();
  }

  async #loadShows() {
    const session = this.#session;
    try {
      const {shows} = await session.signaling.request("show.list");
      $("#shows-empty").hidden = shows.length > 0;
      syncList($("#shows-list"), shows, show => show.roomId, show => {
        const mine = show.hostId === session.me.userId;
        return h("li", {class: "show-card", dataset: {key: show.roomId, roomId: show.roomId}},
            h("div", {class: "item-text"}, h("strong", {class: "show-card-title"}, show.title),
                h("span", {class: "hint"}, show.hostName, " · ",
                    h("span", {class: "show-card-viewers"}, session.t("home.watching", {count: session.formatNumber(show.viewers)})))),
            h("button", {type: "button", class: mine ? "join" : "join primary",
              onclick: () => mine ? session.go(session.creator, show.roomId) : session.go(session.viewer, show)},
            session.t(mine ? "home.backToShow" : "home.watch")));
      });
    } catch (error) {
      if (error.code !== "connection_lost") toast(describe(error), "error");
    }
  }

  async #loadConsultants() {
    const session = this.#session;
    try {
      const {consultants} = await session.signaling.request("consultant.list");
      const others = consultants.filter(c => c.userId !== session.me.userId);
      $("#consultants-empty").hidden = others.length > 0;
      $("#consultants-empty").textContent = session.t("home.noConsultants");
      syncList($("#consultants-list"), others, c => `${c.userId}/${c.busy}`, consultant => {
        const rate = session.t("home.consultantRate", {rate: session.formatNumber(consultant.ratePerMinute)});
        return h("li", {dataset: {key: `${consultant.userId}/${consultant.busy}`, userId: consultant.userId}},
            h("div", {class: "item-text"}, h("strong", {}, consultant.name),
                h("span", {class: "hint"}, consultant.busy ? session.t("home.rateInCall", {rate}) : rate)),
            h("button", {type: "button", class: "call primary", disabled: consultant.busy,
              onclick: () => session.calls.call(consultant)}, session.t(consultant.busy ? "home.busy" : "home.call")));
      });
    } catch (error) {
      $("#consultants-list").replaceChildren();
      $("#consultants-empty").hidden = false;
      $("#consultants-empty").textContent = error.code === "unavailable" ? session.t("home.callsUnavailable") : describe(error);
    }
  }
}
