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

/** Focusable elements of a dialog, in order, for the focus trap. */
const FOCUSABLE = "button:not([disabled]):not([hidden]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex='-1'])";

/**
 * Opens a dialog or sheet as a modal: focus moves into it and Tab stays inside, Escape closes it,
 * and focus returns to what had it before. Returns the function that closes it (onClose runs once).
 */
export function openModal(element, onClose) {
  const before = document.activeElement;
  element.hidden = false;
  element.setAttribute("aria-modal", "true");
  const focusables = () => [...element.querySelectorAll(FOCUSABLE)].filter(e => e.offsetParent !== null || e === document.activeElement);
  const keys = event => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      const items = focusables();
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };
  let open = true;
  function close() {
    if (!open) return;
    open = false;
    element.removeEventListener("keydown", keys);
    element.hidden = true;
    element.removeAttribute("aria-modal");
    if (before && typeof before.focus === "function" && document.contains(before)) before.focus();
    onClose?.();
  }
  element.addEventListener("keydown", keys);
  (focusables()[0] ?? element).focus();
  return close;
}

/** A yes/no question in the page's own dialog (window.confirm cannot be styled or translated); resolves true on yes. */
export function confirmDialog(text, yes, no) {
  const dialog = $("#confirm-dialog");
  $("#confirm-text").textContent = text;
  $("#confirm-yes").textContent = yes;
  $("#confirm-no").textContent = no;
  return new Promise(resolve => {
    let answer = false;
    const close = openModal(dialog, () => resolve(answer));
    $("#confirm-yes").onclick = () => { answer = true; close(); };
    $("#confirm-no").onclick = () => close();
  });
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
