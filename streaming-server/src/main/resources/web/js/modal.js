// Dialogs and sheets as modals, one way for all of them (incoming call, confirmations, the gift
// picker, chat-line actions, reports, the host's viewers): focus moves in when one opens, Tab and
// Shift+Tab cycle inside it, Escape closes it, and focus goes back to what had it before.

import {$} from "./dom.js";

/** What Tab may stop on, before filtering out what is not shown. */
const FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/** Open modals, the top one last: a confirmation over the gift picker takes the keys until it closes. */
const open = [];

function focusables(element) {
  // getClientRects: only what is laid out (hidden buttons and closed <details> have no boxes).
  return [...element.querySelectorAll(FOCUSABLE)].filter(e => e.getClientRects().length > 0);
}

function top() {
  return open[open.length - 1];
}

document.addEventListener("keydown", event => {
  const modal = top();
  if (!modal) return;
  if (event.key === "Escape") {
    event.preventDefault();
    modal.close();
  } else if (event.key === "Tab") {
    const items = focusables(modal.element);
    if (items.length === 0) {
      event.preventDefault();
      modal.element.focus();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const inside = modal.element.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }
});

// A tap outside (or a script) moving focus away from the top modal brings it back in.
document.addEventListener("focusin", event => {
  const modal = top();
  if (modal && !modal.element.contains(event.target)) (focusables(modal.element)[0] ?? modal.element).focus();
});

/**
 * Opens a dialog or sheet as a modal and returns the function that closes it (onClose runs once,
 * after focus went back to where it was).
 */
export function openModal(element, onClose) {
  const before = document.activeElement;
  element.hidden = false;
  element.setAttribute("aria-modal", "true");
  // Focusable itself, for a dialog whose buttons are all hidden, but never a Tab stop of its own.
  if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  const modal = {element, close};
  open.push(modal);
  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    open.splice(open.indexOf(modal), 1);
    element.hidden = true;
    element.removeAttribute("aria-modal");
    const back = top();
    if (before && typeof before.focus === "function" && document.contains(before)
        && (!back || back.element.contains(before))) {
      before.focus();
    } else if (back) {
      (focusables(back.element)[0] ?? back.element).focus();
    }
    onClose?.();
  }
  (focusables(element)[0] ?? element).focus();
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
