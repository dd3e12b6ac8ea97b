// The online site's search, loaded the first time the reader opens it (agenda.js imports this
// module then). It asks Pagefind (pagefind/pagefind.js, written by the build: search.py), which
// fetches only the index chunks of the query's words and the excerpts of the results shown.
// Besides Pagefind's matching, three things of the site's own:
// - a question number ("17", "Q17", "question 17") puts that question first, by the question
//   number each question page's heading carries as metadata;
// - a query that finds nothing has its misspelt words corrected against the site's vocabulary
//   (search/words/<letter>.json, fetched one letter at a time), and says so;
// - a work's result names the questions that cite it, each a link.
// Record text reaches the page only as text: excerpts are split at Pagefind's <mark> tags and
// each piece inserted as a text node, never as markup.

const SHOWN = 8; // results shown at first, and added by "More results"
const NUMBER = /^\s*(?:q|rq|question)?\s*#?\s*(\d{1,4})\s*$/i;
const WORD = /[\p{L}][\p{L}\p{N}'’-]*[\p{L}\p{N}]/gu;
const SHORTEST_CORRECTED = 4;

let pagefind = null; // Pagefind, once loaded and set up: one promise, however many queries wait on it
const vocabularies = new Map();

function absolute(path) {
  return new URL(path, window.location.href);
}

function engine(dialog) {
  if (!pagefind) {
    pagefind = (async () => {
      const search = await import(absolute(dialog.dataset.index + "pagefind.js").href);
      await search.options({
        baseUrl: absolute(dialog.dataset.root).pathname,
        highlightParam: "highlight",
        // The index is small enough to search on the page itself; a worker would be one more file.
        noWorker: true,
        excerptLength: 24,
        // No penalty for a long page: otherwise the short records of single works outrank the
        // challenge a word names ("jailbreak" would list a dozen works before challenge 3.5).
        // Metadata is matched too: only a title's words should lift a result, not the address or
        // the question numbers a work's record carries for its links.
        ranking: { pageLength: 0, metaWeights: { title: 5, url: 0, kind: 0, questions: 0, question: 0 } },
      });
      await search.init();
      return search;
    })();
    pagefind.catch(() => { pagefind = null; });
  }
  return pagefind;
}

// Damerau-Levenshtein distance (adjacent swaps count as one edit), stopping early above limit.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

async function vocabulary(dialog, letter) {
  if (!vocabularies.has(letter)) {
    const address = absolute(dialog.dataset.words + encodeURIComponent(letter) + ".json");
    vocabularies.set(letter, fetch(address).then((response) => (response.ok ? response.json() : {}), () => ({})));
  }
  return vocabularies.get(letter);
}

// The query with each word the site does not have, and that begins no word it has (the reader
// may still be typing), replaced by the nearest word it has: one edit away for a short word, two
// for a longer one, the more frequent of equally near words. Null when no word changes.
async function corrected(dialog, query) {
  let changed = false;
  let result = query;
  for (const word of query.match(WORD) || []) {
    const lower = word.toLowerCase();
    if (lower.length < SHORTEST_CORRECTED) continue;
    const known = await vocabulary(dialog, lower[0]);
    const words = Object.keys(known);
    if (known[lower] || words.some((candidate) => candidate.startsWith(lower))) continue;
    const limit = lower.length < 7 ? 1 : 2;
    let best = null;
    for (const candidate of words) {
      const edits = distance(lower, candidate, limit);
      if (edits <= limit && (!best || edits < best.edits || (edits === best.edits && known[candidate] > best.count))) {
        best = { candidate, edits, count: known[candidate] };
      }
    }
    if (best) {
      result = result.replace(word, best.candidate);
      changed = true;
    }
  }
  return changed ? result : null;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Pagefind's excerpt as text with <mark> elements: the text between its tags is decoded (it is
// HTML-escaped) by a <textarea>, whose content is never parsed as markup.
function excerpt(html) {
  const node = element("span", "agenda-search__excerpt");
  const decoder = document.createElement("textarea");
  html.split(/(<mark>|<\/mark>)/).reduce((marked, piece) => {
    if (piece === "<mark>") return true;
    if (piece === "</mark>") return false;
    decoder.innerHTML = piece.replace(/<[^>]*>/g, "");
    if (decoder.value) {
      node.append(marked ? element("mark", "", decoder.value) : document.createTextNode(decoder.value));
    }
    return marked;
  }, false);
  return node;
}

// A work's questions (its record's meta.questions: numbers), each a link to its page.
function questionLinks(dialog, data) {
  const numbers = (data.meta.questions || "").split(" ").filter((number) => /^\d+$/.test(number));
  if (!numbers.length) return null;
  const line = element("p", "agenda-search__cited",
    data.meta.kind === "Work since the paper" ? "Bears on " : "Cited by ");
  numbers.forEach((number, index) => {
    if (index) line.append(document.createTextNode(", "));
    const link = element("a", "agenda-search__question", "Q" + number);
    link.href = absolute(dialog.dataset.questions + number + "/").href;
    line.append(link);
  });
  return line;
}

// Where a result leads: its page, or for a work the address its record names (meta.url, from the
// site's root), with the words to highlight that Pagefind put on the page's address.
function target(dialog, data) {
  if (!data.meta.url) return data.url;
  const address = absolute(dialog.dataset.root + data.meta.url.replace(/^\//, ""));
  address.search = new URL(data.url, window.location.href).search;
  return address.href;
}

function resultItem(dialog, data) {
  const item = element("li", "agenda-search__result");
  const link = element("a", "agenda-search__link");
  link.href = target(dialog, data);
  link.append(element("span", "agenda-search__kind", data.meta.kind || "Page"),
              element("span", "agenda-search__name", data.meta.title || data.url),
              excerpt(data.excerpt || ""));
  item.append(link);
  const cited = questionLinks(dialog, data);
  if (cited) item.append(cited);
  const sections = (data.sub_results || []).filter((sub) => sub.url !== data.url && sub.title !== data.meta.title);
  if (sections.length) {
    const list = element("ul", "agenda-search__sections");
    sections.slice(0, 3).forEach((sub) => {
      const entry = element("li");
      const anchor = element("a", "agenda-search__section", sub.title);
      anchor.href = sub.url;
      entry.append(anchor, excerpt(sub.excerpt || ""));
      list.append(entry);
    });
    item.append(list);
  }
  return item;
}

function counted(count) {
  return count === 1 ? "1 result" : count + " results";
}

// One search, from the query to the list; a later query supersedes it (`current`).
let current = 0;

async function run(dialog, query) {
  const ticket = ++current;
  const status = dialog.querySelector(".agenda-search__status");
  const list = dialog.querySelector(".agenda-search__results");
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  // Busy until this query's results are listed (assistive technology waits; so do the tests,
  // which read data-query to know the list is the last query's).
  list.setAttribute("aria-busy", "true");
  const search = await engine(dialog);
  const number = NUMBER.exec(query);
  let found;
  let note = "";
  if (number) {
    // "question N" as a phrase (exact words, so not N0 to N9 as well); the page whose heading
    // carries that number goes first.
    found = (await search.search('"question ' + number[1] + '"')).results;
    const first = await Promise.all(found.slice(0, SHOWN).map((result) => result.data()));
    const at = first.findIndex((data) => data.meta.question === number[1]);
    if (at > 0) found.unshift(found.splice(at, 1)[0]);
  } else {
    const correction = await corrected(dialog, query);
    found = (await search.search(correction || query)).results;
    if (correction) note = "No word of the site is spelt “" + query + "”: showing results for “" + correction + "”. ";
  }
  if (ticket !== current) return;
  const results = found;
  list.replaceChildren();
  status.textContent = note + (results.length ? counted(results.length) : "Nothing matches “" + query +
    "”. Try fewer or shorter words, a question number, or an author's surname.");
  let shown = 0;
  async function showMore() {
    const batch = await Promise.all(results.slice(shown, shown + SHOWN).map((result) => result.data()));
    if (ticket !== current) return;
    shown += batch.length;
    list.querySelector(".agenda-search__more")?.remove();
    batch.forEach((data) => list.append(resultItem(dialog, data)));
    if (shown < results.length) {
      const more = element("li", "agenda-search__more");
      const button = element("button", "", "More results (" + (results.length - shown) + " left)");
      button.type = "button";
      button.addEventListener("click", () => {
        const focusAfter = list.querySelectorAll("a").length;
        showMore().then(() => list.querySelectorAll("a")[focusAfter]?.focus());
      });
      more.append(button);
      list.append(more);
    }
  }
  await showMore();
  if (ticket !== current) return;
  list.dataset.query = query;
  list.setAttribute("aria-busy", "false");
}

// Arrows move between the box and every link and button of the results; Enter in the box opens
// the first result (a link's own Enter opens it); Escape closes the search wherever the focus is.
function onKey(dialog, event) {
  const input = dialog.querySelector(".agenda-search__input");
  const stops = [input, ...dialog.querySelectorAll(".agenda-search__results a, .agenda-search__results button")];
  const at = stops.indexOf(document.activeElement);
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (at < 0) return;
    event.preventDefault();
    const next = event.key === "ArrowDown" ? Math.min(at + 1, stops.length - 1) : Math.max(at - 1, 0);
    stops[next].focus();
  } else if (event.key === "Escape") {
    // A search box's own Escape only empties it; the reader means to close the search.
    event.preventDefault();
    dialog.close();
  } else if (event.key === "Enter" && document.activeElement === input) {
    event.preventDefault();
    if (stops[1]) stops[1].click();
  }
}

export function start(dialog) {
  const input = dialog.querySelector(".agenda-search__input");
  let timer = null;
  const status = dialog.querySelector(".agenda-search__status");
  const search = () => run(dialog, input.value).catch(() => {
    status.textContent = "The search could not be loaded. Try again, or use the list of all questions.";
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  dialog.addEventListener("keydown", (event) => onKey(dialog, event));
  if (input.value) search();
}
