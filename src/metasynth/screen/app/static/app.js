// metasynth screening app: one record at a time, decided from the keyboard.
//
// Every text of a record comes from an export and is untrusted: it is put into the page with
// textContent and text nodes only (never innerHTML), and links are set only when they are the
// app's own full-text route, http(s) full-text locations the reviewer recorded, or doi.org.
// Record texts take their direction from their first strong letter (dir="auto"): an Arabic or
// Hebrew title reads right to left without reversing an English one; and their language from
// their script where the script tells it (`textLanguage`), so a screen reader reads a Persian
// abstract with a Persian voice, not the page's English one.
// The decision controls are built once and only updated, so keyboard focus stays where it was
// (a decision button, a reason) from one record to the next.
"use strict";

const TOKEN = document.querySelector('meta[name="metasynth-token"]').content;
const $ = (id) => document.getElementById(id);

let setup = null; // reviewer, stage, reasons, highlight words (from /api/state)
let current = null; // the record on screen
let reason = ""; // the reason code chosen for an exclusion / non-retrieval
let waitingForReason = ""; // a decision that needs a reason, waiting for one
let busy = false;
let pointerPick = false; // the reason being chosen was clicked (not reached with arrow keys)
let reasonsShown = false; // the reasons unfolded on a phone (where they fold away; app.css)
// why the last decision or undo was not saved when the server was gone or restarted: the
// background progress check does not replace that "Not saved" with its own note of the same cause
let unanswered = "";

// A server that stopped (Ctrl+C, a crash) answers nothing; one started again has a new token and
// refuses this page's calls (403, in plain text). Either way the page says what happened to the
// decision and what to do, not the browser's "Failed to fetch" or a JSON parse error.
const GONE = "the server does not answer (stopped or crashed?): start `metasynth screen serve` " +
  "again and open the address it prints";
const RESTARTED = "this page belongs to an earlier run of the server (each run has a new token): " +
  "open the address `metasynth screen serve` printed";

async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "X-Metasynth-Token": TOKEN, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw Object.assign(new Error(GONE), { unreachable: true });
  }
  const text = await response.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch (error) {
    data = null;
  }
  if (!response.ok || data === null) {
    const message = data && data.error ? data.error
      : response.status === 403 ? RESTARTED : text.trim() || response.statusText;
    throw Object.assign(new Error(message), { data, unreachable: data === null });
  }
  return data;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let highlighter = null;

function buildHighlighter(words) {
  const terms = [];
  for (const kind of ["include", "exclude"]) {
    for (const word of words[kind] || []) terms.push({ kind, word: word.toLowerCase() });
  }
  if (!terms.length) return null;
  terms.sort((a, b) => b.word.length - a.word.length);
  const pattern = terms.map((t) => escapeRegExp(t.word)).join("|");
  const kinds = new Map(terms.map((t) => [t.word, t.kind]));
  // A word matches at the start of a word, and the whole word is marked: "mentor" marks
  // mentor, mentors, mentoring.
  return { regex: new RegExp(`(?<![\\p{L}\\p{N}])(${pattern})[\\p{L}\\p{N}]*`, "giu"), kinds };
}

function highlighted(text) {
  const fragment = document.createDocumentFragment();
  if (!highlighter || !text) {
    fragment.append(document.createTextNode(text || ""));
    return fragment;
  }
  let last = 0;
  for (const match of text.matchAll(highlighter.regex)) {
    if (match.index > last) fragment.append(document.createTextNode(text.slice(last, match.index)));
    const kind = highlighter.kinds.get(match[1].toLowerCase()) || "include";
    fragment.append(el("mark", { class: `hl-${kind}` }, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

// The language a text is in, where its letters tell it: most of its letters in one script that
// one language (or one above all) writes with; Arabic script as Persian or Urdu when it has
// their own letters. Latin (and any script not listed) says nothing: telling English from
// Spanish takes more than letters, so such text keeps the page's language. A long abstract is
// judged by its start.
const SCRIPTS = [
  [/\p{Script=Arabic}/u, (t) => (/[\u0679\u0688\u0691\u06BA\u06D2]/u.test(t) ? "ur"
    : /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/u.test(t) ? "fa" : "ar")],
  [/\p{Script=Hebrew}/u, () => "he"],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, () => "ja"],
  [/\p{Script=Hangul}/u, () => "ko"],
  [/\p{Script=Han}/u, (t) => (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(t) ? "ja" : "zh")],
  [/\p{Script=Cyrillic}/u, (t) => (/[\u0456\u0457\u0454\u0491]/iu.test(t) ? "uk" : "ru")],
  [/\p{Script=Greek}/u, () => "el"],
  [/\p{Script=Thai}/u, () => "th"],
  [/\p{Script=Devanagari}/u, () => "hi"],
];

function textLanguage(text) {
  const start = (text || "").slice(0, 2000);
  const letters = start.match(/\p{L}/gu);
  if (!letters) return "";
  const counts = new Map();
  for (const letter of letters) {
    const found = SCRIPTS.findIndex(([script]) => script.test(letter));
    if (found >= 0) counts.set(found, (counts.get(found) || 0) + 1);
  }
  for (const [index, count] of counts) {
    if (2 * count > letters.length) return SCRIPTS[index][1](start);
  }
  return "";
}

// An element holding a text of the record: its direction from the text, its language where
// the text tells it (placeholders such as "(no abstract)" are the page's English).
function recordText(tag, attributes, text, content) {
  const lang = textLanguage(text);
  return el(tag, { ...attributes, dir: "auto", ...(lang ? { lang } : {}) }, content === undefined ? text : content);
}

// A file:line as text that may wrap only after a `/` or `_` (a <wbr> there), never inside a
// name: "data/screening/ title_abstract_ R1.csv:23", not "data/screenin g/title_abstr act_R1…".
function pathText(path) {
  const code = el("code", {});
  for (const part of String(path).split(/(?<=[/_])/)) code.append(part, el("wbr", {}));
  code.lastChild && code.lastChild.remove();
  return code;
}

// A note as text that may also wrap after a `/`, `_`, `.` or `-` (a <wbr> there): a note naming
// a file ("ASReview LAB export asreview_dataset_all_resilience.csv: …") otherwise made its
// column as wide as the name and pushed the file:line column out of view (README-only trial).
function noteText(note) {
  const span = el("span", {});
  for (const part of String(note).split(/(?<=[/_.-])/)) span.append(part, el("wbr", {}));
  span.lastChild && span.lastChild.remove();
  return span;
}

function safeLink(href) {
  if (typeof href !== "string") return "";
  if (href.startsWith("/fulltext/")) return href;
  if (/^https?:\/\//i.test(href)) return href;
  return "";
}

// ------------------------------------------------------------------ rendering
function renderRecord(record, moveFocus) {
  const article = $("record");
  article.replaceChildren();
  current = record;
  reason = "";
  waitingForReason = "";
  $("note").value = "";
  if (!record) {
    article.append(
      el("h1", { id: "title", tabindex: "-1" }, "Nothing left to decide"),
      el("p", {}, setup && setup.resolver
        ? "Every open conflict at this stage is settled. Run the workflow (snakemake --cores 2 in the project folder) to update the results."
        : "Your queue at this stage is empty. Run the workflow (snakemake --cores 2 in the project folder) to update the results."),
    );
    renderPanel();
    // the decision buttons are disabled now: focus left on one would fall to the page's start
    if (moveFocus) $("title").focus({ preventScroll: true });
    return;
  }
  const where = [record.source_title, record.year].filter(Boolean).join(", ");
  const extra = [
    record.volume && `vol. ${record.volume}`,
    record.issue && `no. ${record.issue}`,
    record.pages && `pp. ${record.pages}`,
  ].filter(Boolean).join(", ");
  article.append(
    el("p", { class: "record-id" }, record.record_id,
      record.rank ? ` · rank ${record.rank}` : "",
      typeof record.score === "number" ? ` · score ${record.score.toFixed(3)}` : ""),
    recordText("h1", { id: "title", tabindex: "-1" }, record.title, highlighted(record.title || "(no title)")),
    authorsLine(record.authors),
    el("p", { id: "source", class: "source" }, recordText("span", {}, where || "(no source)"),
      extra ? ` — ${extra}` : "", record.doc_type ? ` · ${record.doc_type}` : "",
      record.databases ? ` · ${record.databases}` : ""),
  );
  if (record.doi) {
    const link = el("a", { id: "doi", target: "_blank", rel: "noopener noreferrer" }, `doi:${record.doi}`);
    if (record.doi_url.startsWith("https://doi.org/")) link.href = record.doi_url;
    article.append(el("p", { class: "doi" }, link));
  }
  article.append(el("h2", {}, "Abstract"), recordText("p", { id: "abstract", class: "abstract" },
    record.abstract, highlighted(record.abstract || "(no abstract)")));
  if (record.keywords.length) {
    const list = el("ul", { id: "keywords", class: "keywords" });
    for (const keyword of record.keywords) list.append(recordText("li", {}, keyword, highlighted(keyword)));
    article.append(el("h2", {}, "Keywords"), list);
  }
  if (record.duplicates.length) {
    const list = el("ul", { id: "duplicates", class: "duplicates" });
    for (const d of record.duplicates) {
      list.append(el("li", {}, el("code", {}, d.record_id), ` (${d.database}, ${d.rule}): `,
        recordText("span", {}, d.title || "(title not in the records table)")));
    }
    article.append(el("h2", {}, `Merged duplicates (${record.duplicates.length})`), list);
  }
  if (record.previous) {
    reason = record.previous.reason || "";
    $("note").value = record.previous.note || "";
    flash(`Undone: your ${record.previous.decision} is removed from the file; decide again.`);
  }
  renderPanel();
  window.scrollTo(0, 0);
  // after a decision a screen reader hears the next title (and then "Saved"), and Tab starts
  // again from the record; typing in a field is never interrupted
  if (moveFocus && !(document.activeElement instanceof HTMLInputElement && document.activeElement.type === "text")) {
    $("title").focus({ preventScroll: true });
  }
}

// A consortium paper names hundreds of authors: the first AUTHORS_SHOWN are shown, the rest
// behind "and N more", so the abstract stays near the top of the page.
const AUTHORS_SHOWN = 12;

function authorsLine(authors) {
  if (authors.length <= AUTHORS_SHOWN + 1) {
    return recordText("p", { id: "authors", class: "authors" }, authors.join("; ") || "(no authors)");
  }
  const shown = authors.slice(0, AUTHORS_SHOWN).join("; ");
  const rest = authors.slice(AUTHORS_SHOWN).join("; ");
  return el("div", { id: "authors", class: "authors" }, recordText("span", {}, `${shown}; `),
    el("details", {}, el("summary", {}, `and ${authors.length - AUTHORS_SHOWN} more authors`),
      recordText("span", {}, rest)));
}

function decisions() {
  if (!setup) return [];
  if (setup.stage === "retrieval") {
    return [
      { decision: "retrieved", key: "r", label: "Retrieved" },
      { decision: "not_retrieved", key: "x", label: "Not retrieved" },
    ];
  }
  const all = [
    { decision: "include", key: "i", label: "Include" },
    { decision: "exclude", key: "e", label: "Exclude" },
    { decision: "maybe", key: "m", label: "Maybe" },
  ];
  return setup.resolver ? all.slice(0, 2) : all;
}

function needsReason(decision) {
  return setup.reason_required.includes(decision);
}

function buildControls() {
  const buttons = $("buttons");
  for (const d of decisions()) {
    const button = el("button", { type: "button", class: `decide decide-${d.decision}`, "data-decision": d.decision,
      "aria-keyshortcuts": d.key.toUpperCase() }, d.label, " ", el("kbd", { "aria-hidden": "true" }, d.key.toUpperCase()));
    button.addEventListener("click", () => decide(d.decision));
    buttons.append(button);
  }
  const list = $("reason-list");
  setup.reasons.forEach((r, index) => {
    const id = `reason-${r.code}`;
    const input = el("input", { type: "radio", name: "reason", id, value: r.code, "aria-keyshortcuts": String(index + 1) });
    input.addEventListener("change", () => chooseReason(r.code, pointerPick));
    list.append(el("div", { class: "reason" }, input,
      el("label", { for: id }, el("kbd", { "aria-hidden": "true" }, String(index + 1)), " ", r.label)));
  });
  // a click picks and (when a decision waits for it) decides; arrow keys only move the choice
  // folding the reasons while a decision waits for one gives up that decision
  $("reasons-toggle").addEventListener("click", () => {
    reasonsShown = !(reasonsShown || waitingForReason);
    if (!reasonsShown) waitingForReason = "";
    renderPanel();
  });
  list.addEventListener("pointerdown", () => { pointerPick = true; });
  list.addEventListener("keydown", () => { pointerPick = false; });
}

function renderPanel() {
  for (const button of $("buttons").children) button.disabled = !current || busy;
  for (const input of $("reason-list").querySelectorAll("input")) input.checked = reason === input.value;
  $("reasons").hidden = !setup.reasons.length;
  $("reasons").classList.toggle("wanted", Boolean(waitingForReason));
  const reasonFor = setup.stage === "retrieval" ? "not retrieved" : "an exclusion";
  $("reasons-legend").textContent = waitingForReason
    ? `Choose a reason for "${waitingForReason}": its number (1–${setup.reasons.length}) or a click`
    : `Reason (for ${reasonFor}` + (setup.reason_required.length ? ", required)" : ")");
  const unfolded = reasonsShown || Boolean(waitingForReason);
  $("reasons").classList.toggle("unfolded", unfolded);
  $("reasons-toggle").setAttribute("aria-expanded", String(unfolded));
  $("reasons-toggle").textContent = unfolded ? "Hide the reasons" : reason ? "Other reasons" : `Reasons for ${reasonFor}`;
  const showFulltext = setup.stage !== "title_abstract";
  $("fulltext-field").hidden = !showFulltext;
  const fulltext = current && current.fulltext ? current.fulltext : { location: "", href: "", problem: "" };
  $("fulltext").value = fulltext.location;
  const open = $("fulltext-open");
  const href = safeLink(fulltext.href);
  open.hidden = !href;
  if (href) open.href = href; else open.removeAttribute("href");
  // a local file the app does not serve (outside the project folder, missing): why, what to do
  const problem = $("fulltext-problem");
  problem.textContent = showFulltext && fulltext.problem ? fulltext.problem : "";
  problem.hidden = !problem.textContent;
  const rows = $("conflict-rows");
  rows.replaceChildren();
  const conflict = current && current.conflict ? current.conflict : [];
  $("conflict").hidden = !setup.resolver;
  for (const row of conflict) {
    rows.append(el("tr", {}, el("td", {}, row.reviewer), el("td", { class: `d-${row.decision}` }, row.decision),
      el("td", {}, reasonLabel(row.reason)), recordText("td", { class: "note" }, row.note, noteText(row.note)), el("td", {}, pathText(row.source))));
  }
}

function reasonLabel(code) {
  if (!code) return "";
  const found = setup.reasons.find((r) => r.code === code);
  return found ? found.label : code;
}

function renderProgress(progress) {
  const total = progress.decided + progress.remaining;
  const counts = Object.entries(progress.counts).map(([k, v]) => `${v} ${k}`).join(", ");
  $("counts").textContent = `${progress.decided} decided, ${progress.remaining} to go` +
    (counts ? ` (${counts})` : "");
  $("meter-fill").style.width = total ? `${(100 * progress.decided) / total}%` : "0%";
  $("meter").setAttribute("aria-valuemax", String(total));
  $("meter").setAttribute("aria-valuenow", String(progress.decided));
  // a toggle's name stays what it is ("Random order"); pressed or not says which order is on
  $("order-toggle").setAttribute("aria-pressed", progress.order === "random" ? "true" : "false");
  $("order-state").textContent = `Order: ${progress.order}`;
  const ranking = progress.ranking;
  $("ranking-state").textContent = (progress.order === "random"
    ? "Random order (for calibration); the ranked order is kept up to date meanwhile. "
    : "") + `${ranking.method}. ` + (ranking.fresh
    ? `Up to date (last ranking took ${ranking.seconds} s).`
    : "Re-ranking with your latest decisions in the background…");
  // the banner is an alert: written only when it changes, or a screen reader would read it
  // again at every poll
  const banner = $("banner");
  const alert = ranking.error
    ? `The decision files cannot be read as they are now, so the queue is not re-ranked: ${ranking.error}`
    : "";
  if (banner.textContent !== alert) banner.textContent = alert;
  banner.hidden = !alert;
  $("undo").disabled = !progress.undo || busy;
  const guidance = progress.guidance;
  $("guidance").hidden = !guidance;
  if (guidance) {
    const list = $("guidance-list");
    list.replaceChildren();
    const item = (term, value) => list.append(el("dt", {}, term), el("dd", {}, value));
    item("Relevant found (include or maybe)", String(guidance.relevant));
    item("Screened since the last relevant", String(guidance.since_last_relevant));
    item("Knee method (Cormack & Grossman 2016)", guidance.knee_rho === null
      ? "needs 150 records and a relevant one"
      : `slope ratio ${guidance.knee_rho.toFixed(1)} (suggests stopping at ≥ ${guidance.knee_threshold}): ` +
        (guidance.knee_met ? "met" : "not met"));
    item("Estimated recall", guidance.estimated_recall === null ? "—"
      : `${Math.round(100 * guidance.estimated_recall)} % (if the rest of the queue is no richer than your last 100 records)`);
  }
}

function flash(message, isError) {
  const saved = $("saved");
  saved.textContent = message;
  saved.classList.toggle("error", Boolean(isError));
}

// ------------------------------------------------------------------ actions
function chooseReason(code, decideNow) {
  reason = reason === code && !waitingForReason ? "" : code;
  if (waitingForReason && reason && decideNow) {
    const decision = waitingForReason;
    waitingForReason = "";
    decide(decision);
    return;
  }
  renderPanel();
}

function fulltextToSave() {
  // the full text's place goes into the row only when typed here, not when shown from before
  if (setup.stage === "title_abstract") return "";
  const value = $("fulltext").value.trim();
  const known = current && current.fulltext ? current.fulltext.location : "";
  return value === known ? "" : value;
}

async function decide(decision) {
  if (!current || busy) return;
  if (needsReason(decision) && !reason) {
    waitingForReason = decision;
    renderPanel();
    flash(`Not saved: "${decision}" needs a reason: press its number or click it.`, true);
    return;
  }
  const usesReason = decision === "exclude" || decision === "not_retrieved";
  busy = true;
  try {
    const result = await api("POST", "/api/decide", {
      record_id: current.record_id,
      decision,
      reason: usesReason ? reason : "",
      note: $("note").value,
      fulltext: fulltextToSave(),
    });
    busy = false;
    renderRecord(result.current, true);
    renderProgress(result.progress);
    const problem = result.saved.fulltext_problem;
    unanswered = "";
    flash(`Saved: ${result.saved.record_id} ${result.saved.decision} → ${result.saved.file} line ${result.saved.line}` +
      (problem ? `; but the full text will not open: ${problem}` : ""), Boolean(problem));
  } catch (error) {
    busy = false;
    // a refusal carries the record to decide now: when that is another one (the record on
    // screen was decided meanwhile, e.g. by a row written by hand), move on to it rather than
    // refuse every key on a record that is done
    const next = error.data ? error.data.current : undefined;
    if (next !== undefined && (next ? next.record_id : null) !== (current ? current.record_id : null)) {
      renderRecord(next);
    }
    unanswered = error.unreachable ? error.message : "";
    flash(error.unreachable ? `Not saved: ${error.message}.` : error.message, true);
    if (error.data && error.data.progress) renderProgress(error.data.progress);
    renderPanel();
  }
}

async function undo() {
  if (busy) return;
  busy = true;
  try {
    const result = await api("POST", "/api/undo");
    busy = false;
    renderRecord(result.current, true);
    renderProgress(result.progress);
    unanswered = "";
    flash(`Undone: ${result.undone.record_id} ${result.undone.decision} removed from ${result.undone.file} line ${result.undone.line}`);
  } catch (error) {
    busy = false;
    unanswered = error.unreachable ? error.message : "";
    flash(error.unreachable ? `Not undone: ${error.message}.` : error.message, true);
  }
}

async function toggleOrder() {
  const random = $("order-toggle").getAttribute("aria-pressed") !== "true";
  try {
    const result = await api("POST", "/api/order", { random });
    renderRecord(result.current);
    renderProgress(result.progress);
  } catch (error) {
    flash(error.message, true);
  }
}

function openFulltext() {
  const open = $("fulltext-open");
  if (!open.hidden && open.href) window.open(open.href, "_blank", "noopener,noreferrer");
}

function keys() {
  const shown = decisions().map((d) => [d.key.toUpperCase(), d.label.toLowerCase()]);
  if (setup.reasons.length) shown.push([`1–${setup.reasons.length}`, "choose a reason (then the decision)"]);
  shown.push(["N", "write a note (Enter or Esc to leave it)"]);
  if (setup.stage !== "title_abstract") shown.push(["F / O", "full-text location / open it"]);
  shown.push(["U or Ctrl+Z", "undo the last decision"], ["T", "ranked or random order"]);
  return shown;
}

// The letter of a shortcut: the key's own, or, on a keyboard with another script (Persian,
// Arabic, Hebrew, Russian...), the Latin letter of the same key, so I, E and M work unswitched.
function shortcutKey(event) {
  const key = event.key.toLowerCase();
  if (/^[a-z0-9]$/.test(key) || key.length !== 1) return key;
  const code = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code || "");
  return code ? (code[1] || code[2]).toLowerCase() : key;
}

function onKey(event) {
  const target = event.target;
  const typing = target instanceof HTMLInputElement && target.type === "text";
  if (typing) {
    if (event.key === "Enter" || event.key === "Escape") {
      target.blur();
      event.preventDefault();
    }
    return;
  }
  if (event.altKey || event.metaKey) return;
  if (event.ctrlKey) {
    if (event.key.toLowerCase() === "z") {
      event.preventDefault();
      undo();
    }
    return;
  }
  const key = shortcutKey(event);
  const match = decisions().find((d) => d.key === key);
  if (match) {
    event.preventDefault();
    decide(match.decision);
  } else if (key === "m" && setup.resolver && setup.stage !== "retrieval") {
    // a screener's habit; a resolution settles the conflict, so say so rather than do nothing
    event.preventDefault();
    flash("A resolution settles the conflict: include (I) or exclude (E); there is no maybe.", true);
  } else if (/^[1-9]$/.test(key) && setup.reasons[Number(key) - 1]) {
    event.preventDefault();
    chooseReason(setup.reasons[Number(key) - 1].code, true);
  } else if (key === "n") {
    event.preventDefault();
    $("note").focus();
  } else if (key === "f" && !$("fulltext-field").hidden) {
    event.preventDefault();
    $("fulltext").focus();
  } else if (key === "o") {
    event.preventDefault();
    openFulltext();
  } else if (key === "u") {
    event.preventDefault();
    undo();
  } else if (key === "t") {
    event.preventDefault();
    toggleOrder();
  }
}

async function pollProgress() {
  try {
    const result = await api("GET", "/api/progress");
    renderProgress(result.progress);
  } catch (error) {
    if (error.unreachable && error.message === unanswered) return;
    flash(error.unreachable
      ? `Decisions already saved are safe in the file, but ${error.message}.`
      : error.message, true);
  }
}

async function main() {
  const state = await api("GET", "/api/state");
  setup = state;
  highlighter = buildHighlighter(state.highlight);
  const stage = state.stage.replace("_", "/");
  $("who").textContent = `· ${state.reviewer.id} (${state.reviewer.name}) · ${stage}` +
    (state.resolver ? " · resolving conflicts" : "");
  document.title = `${state.reviewer.id} · ${stage} — metasynth screening`;
  $("decide-title").textContent = state.resolver ? "Resolution" : "Decision";
  buildControls();
  const list = $("keys");
  for (const [key, what] of keys()) list.append(el("dt", {}, key), el("dd", {}, what));
  let record = state.current;
  const wanted = new URLSearchParams(window.location.search).get("record");
  if (wanted) {
    try {
      record = (await api("GET", `/api/record/${encodeURIComponent(wanted)}`)).current;
    } catch (error) {
      flash(error.message, true);
    }
  }
  renderRecord(record);
  renderProgress(state.progress);
  $("undo").addEventListener("click", undo);
  $("order-toggle").addEventListener("click", toggleOrder);
  $("fulltext").addEventListener("input", () => {
    const value = $("fulltext").value.trim();
    const open = $("fulltext-open");
    const href = /^https?:\/\//i.test(value) ? value : "";
    open.hidden = !href && !(current && current.fulltext && current.fulltext.href && value === current.fulltext.location);
    if (href) open.href = href;
    const problem = $("fulltext-problem");
    problem.hidden = !problem.textContent || value !== (current && current.fulltext ? current.fulltext.location : "");
  });
  document.addEventListener("keydown", onKey);
  // the sticky decision box sits below the header, whose height changes as it wraps
  const header = document.querySelector("header.bar");
  new ResizeObserver(() => document.documentElement.style.setProperty("--header", `${header.offsetHeight}px`))
    .observe(header);
  document.body.dataset.ready = "true";
  setInterval(pollProgress, 2000);
}

main().catch((error) => {
  const banner = $("banner");
  banner.hidden = false;
  banner.textContent = `The app could not start: ${error.message}`;
});
