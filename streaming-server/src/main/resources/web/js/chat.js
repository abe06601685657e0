// A room's chat: the log (newest at the bottom, kept short) and the send box.

import {h} from "./dom.js";
import {describe} from "./errors.js";
import {t} from "./i18n.js";

const KEEP_MESSAGES = 200;

export class Chat {
  #log;
  #form;
  #input;
  #signaling;
  roomId = null;

  #blocks;
  #onPick;

  /** blocks: the BlockList whose users' lines are not shown; onPick(message): a tap on someone else's line. */
  constructor(container, signaling, blocks, onPick) {
    this.#blocks = blocks;
    this.#onPick = onPick;
    this.#log = container.querySelector(".chat-log");
    this.#form = container.querySelector(".chat-form");
    this.#input = this.#form.querySelector("input");
    this.#signaling = signaling;
    // A property, not a listener: signing in again replaces the handler instead of adding one.
    this.#form.onsubmit = event => {
      event.preventDefault();
      this.#send();
    };
  }

  enter(roomId) {
    this.roomId = roomId;
    this.#log.replaceChildren();
  }

  /** A `chat` event (our own copy included). */
  receive(message) {
    if (message.roomId !== this.roomId || this.#blocks?.has(message.from.userId)) return;
    const mine = message.from.userId === this.#signaling.welcome?.userId;
    // A real button per line, so keyboards and screen readers reach the actions too.
    const more = mine || !this.#onPick ? null : h("button", {type: "button", class: "line-actions",
      "aria-label": t("chat.more", {name: message.from.name}), onclick: () => this.#onPick(message)}, "⋯");
    this.#append(h("li", {class: mine ? "mine" : "", dataset: {from: message.from.userId, msgId: message.msgId ?? ""}},
        h("strong", {}, message.from.name), " ", h("span", {class: "text"}, message.text), more));
  }

  /** A line from the room itself: who joined the stage, gifts, connection notes. */
  notice(text) {
    this.#append(h("li", {class: "notice"}, text));
  }

  #append(item) {
    const atBottom = this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < 40;
    this.#log.append(item);
    while (this.#log.children.length > KEEP_MESSAGES) this.#log.firstElementChild.remove();
    if (atBottom) this.#log.scrollTop = this.#log.scrollHeight;
  }

  async #send() {
    const text = this.#input.value.trim();
    if (!text || !this.roomId) return;
    this.#input.value = "";
    try {
      await this.#signaling.request("chat.send", {roomId: this.roomId, text});
    } catch (error) {
      this.#input.value = text;
      this.#append(h("li", {class: "notice error"}, describe(error)));
    }
  }
}
