// Message catalogs (i18n/<lang>.json, the same keys in every language: a test compares them) and
// Intl formatting. The browser's language picks the catalog; the language menu overrides it and
// is remembered.

const LANGUAGES = ["en", "hi"];
const LANGUAGE_KEY = "livestage.language";
let catalog = {};
let fallback = {};
let language = "en";

/** The language to use: the one chosen before, else the browser's first we have, else English. */
export function preferredLanguage() {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (LANGUAGES.includes(chosen)) return chosen;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const base = String(wanted).toLowerCase().split("-")[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "en";
}

async function load(lang) {
  const response = await fetch(`i18n/${lang}.json`);
  if (!response.ok) throw new Error(`no catalog for ${lang}`);
  return response.json();
}

/** Loads the catalog and translates the page; remembers an explicit choice. */
export async function setLanguage(lang, remember = false) {
  if (!LANGUAGES.includes(lang)) lang = "en";
  if (Object.keys(fallback).length === 0) fallback = await load("en");
  catalog = lang === "en" ? fallback : await load(lang);
  language = lang;
  if (remember) localStorage.setItem(LANGUAGE_KEY, lang);
  document.documentElement.lang = lang;
  translate(document);
  document.dispatchEvent(new CustomEvent("languagechange", {detail: {language: lang}}));
}

export function currentLanguage() {
  return language;
}

/** The message for a key, with {name} placeholders filled in. */
export function t(key, vars = {}) {
  const text = catalog[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** Whether the catalogs have a message for this key (English is the complete one). */
export function has(key) {
  return key in catalog || key in fallback;
}

function locale() {
  return language === "hi" ? "hi-IN" : "en-IN";
}

/** 12345 → "12,345" in English, "12,345" in Hindi's Indian grouping too (1,23,456 for lakhs). */
export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** A length of time in a unit ("second", "millisecond"), short: "5 sec" in English, "5 से॰" in Hindi. */
export function formatUnit(value, unit) {
  return formatNumber(value, {style: "unit", unit, unitDisplay: "short"});
}

/** A share as a percentage: 0.012 → "1.2%". */
export function formatPercent(share) {
  return formatNumber(share, {style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1});
}

/** A running time as a clock, 75 → "1:15", its digits from Intl like every other number. */
export function formatClock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${formatNumber(Math.floor(s / 60))}:${formatNumber(s % 60, {minimumIntegerDigits: 2})}`;
}

/**
 * Elements name their text by key: data-i18n (text), data-i18n-label (aria-label),
 * data-i18n-placeholder, data-i18n-title; data-i18n-seconds holds a number of seconds to format.
 */
export function translate(root) {
  for (const element of root.querySelectorAll("[data-i18n-seconds]")) element.textContent = formatUnit(Number(element.dataset.i18nSeconds), "second");
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll("[data-i18n-label]")) element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) element.placeholder = t(element.dataset.i18nPlaceholder);
  for (const element of root.querySelectorAll("[data-i18n-title]")) element.title = t(element.dataset.i18nTitle);
}
