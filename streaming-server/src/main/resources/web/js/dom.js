// Small DOM helpers: element creation without innerHTML (chat text and names are never markup).

export const $ = (selector, root = document) => root.querySelector(selector);

/** h("li", {class: "x", dataset: {id: 1}, onclick: f}, "text", child) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat().filter(child => child !== null && child !== undefined));
  return element;
}

/** Shows one screen (a <section class="screen">) and hides the others. */
export function showScreen(id) {
  for (const screen of document.querySelectorAll(".screen")) screen.hidden = screen.id !== id;
  document.body.dataset.screen = id;
}

let toastTimer = null;

/** A short message at the bottom of the screen; errors stay a little longer. */
export function toast(text, kind = "info") {
  const element = $("#toast");
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { element.hidden = true; }, kind === "error" ? 6000 : 3000);
}

/** An idempotency key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uniqueKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

let announceTimer = null;
let announceQueue = [];

/**
 * Tells screen readers something through the page's aria-live region, at most one announcement a
 * second: a burst of gifts becomes a few sentences, not a flood a listener cannot follow.
 */
export function announce(text) {
  announceQueue.push(text);
  if (announceTimer) return;
  const next = () => {
    const item = announceQueue.shift();
    if (item === undefined) {
      announceTimer = null;
      return;
    }
    $("#announcer").textContent = item;
    announceQueue = announceQueue.slice(-3);
    announceTimer = setTimeout(next, 1000);
  };
  next();
}
