"""Turn the paper's reference list into records: content/references/p<page>.yml.

Usage (from the repository root):

    .venv/bin/python tools/extract_references.py CHUNK2.txt CHUNK3.txt [--report]

The inputs are the paper's text as extracted from its PDF (arXiv 2404.09932v2), which is not kept
in this repository. The public GitHub repository `lizTheDeveloper/ai_game_theory_simulation` has
it: `research/ai_safety_questions/chunk2/chunk2_text.txt` (PDF pages 61-120) and
`research/ai_safety_questions/chunk3/chunk3_text.txt` (pages 121-182). Pages are marked
`=== PAGE N ===`; the reference list runs from the "References" heading on page 112 to page 182.

What the script does, in order:

1. Drops each page's running header and page number, and splits the list into entries: an entry
   ends once its text ends like the end of an entry (a year with an optional suffix letter and a
   period, or a URL closed by " .", or "Accessed on: <date>.") and the next line starts like an
   author list.
2. Joins each entry's lines, repairing what the extraction broke: a URL split across lines is
   joined without a space; a word hyphenated at a line end is joined ("Ruther-" + "ford") unless
   the next part is capitalised ("Multi-" + "Agent") or the hyphenated form is the one the paper
   uses elsewhere ("large-scale"), judged by counting both forms in the paper's own text.
3. Reads "Authors. Title. Venue, Year." from it: the authors up to the first full stop, the
   title up to the next sentence end, the venue up to the date; the year (with its suffix letter)
   is the last year before the identifiers; after it come URLs, DOIs and notes (ISSN, "Accessed
   on"). Author lists whose spaces were lost ("AlbertQJiang") are split at case boundaries.
4. Applies the hand repairs in `tools/reference_repairs.yml` (id -> corrected fields; see that
   file) to what the text could not give back, then assigns ids (see `Reference` in
   `agenda_site/schema.py`) and writes one file per PDF page, holding the entries that begin on it.

5. Says where the paper cites each entry that no challenge, sub-section or question cites
   (`cited_elsewhere`), from the "elsewhere" locations of `tools/citations_found.yml` (Section 1,
   a category's introduction, tables, figure captions, closing boxes, Section 5). So run
   `tools/find_citations.py` first. An entry whose id was de-collided (`hubinger2019-2`) and that
   no location names is said to be cited in some of the places of the id it shares a citation
   with, since the citation finder tells works apart by first author and year only.

Re-running the script on the same text reproduces the records exactly. `--report` prints what
still looks damaged (long words without spaces, unparsed tails), for review and new repairs.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "references"
REPAIRS = Path(__file__).resolve().parent / "reference_repairs.yml"
CITATIONS = Path(__file__).resolve().parent / "citations_found.yml"
FIRST_PAGE, LAST_PAGE = 112, 182
HEADER = "Published in Transactions on Machine Learning Research (09/2024)"

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
YEAR = r"(?:1[6-9]|20)\d\d"
# The date that ends the body: ", 2023b." or ", October 2023." or ", oct 2023." or ", 5 2023." or "jan1995."
DATE_AT_END = re.compile(
    rf"(?:,\s*|\s+|(?<=[a-z]))(?P<date>(?:(?:{MONTHS})\.?\s*(?:\d{{1,2}},?\s*)?|\d{{1,2}}\s+)?)"
    rf"(?P<year>{YEAR})(?P<suffix>[a-z])?\.?\s*$", re.IGNORECASE)
# Where the entry's tail begins: the year (and suffix) followed by a full stop, then identifiers.
YEAR_STOP = re.compile(rf"(?<![\d:./–-])({YEAR})([a-z])?\.(?=\s|$)")
ENTRY_END = re.compile(r"\.$")
URL = re.compile(r"(?:URL\s+)?(https?://\S+)")
DOI = re.compile(r"doi:\s*(?:https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+?)\.?(?=\s|$)", re.IGNORECASE)
ARXIV = re.compile(r"arXiv:\s?((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)\b")
# The ways DBLP and Semantic Scholar print an arXiv id: "CoRR, abs/2310.16028", "ArXiv, abs/2310.20707",
# "arXiv: Arxiv-2305.16291".
ARXIV_ABS = re.compile(r"(?:\babs/|\bArxiv-)(\d{4}\.\d{4,5})\b")
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)")
# How a venue begins, where the extraction dropped the space before it.
VENUE_START = r"(?:Advances in|CoRR|ArXiv|arXiv|Equity and Access|In\s|Proceedings|IEEE Transactions|Vice\b)"
NOT_AN_AUTHOR_START = re.compile(r"^(?:URL\b|https?:|//|Accessed|arXiv|In\s|doi|pages\b|ISSN|ISBN|OCLC|Google-Books-ID|Forthcoming|Publisher|[a-z0-9(\[–-])")
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "dos", "das", "ter"}
NAME_SUFFIXES = {"jr", "jr.", "iii", "ii", "iv"}
# Names printed as one word on purpose, never split at their capitals.
ONE_WORD_NAMES = {"OpenAI", "DeepMind", "FAccT", "GitHub", "LessWrong", "YouTube", "HuggingFace", "MosaicML",
                  "Similarweb", "McKinsey", "PyTorch", "TechCrunch"}
# Prefixes that keep their hyphen across a line break when the paper's text cannot tell.
KEEP_HYPHEN = {"self", "multi", "non", "cross", "well", "human", "pre", "post", "co", "anti", "meta", "semi",
               "fine", "large", "long", "open", "real", "few", "zero", "one", "two", "high", "low", "in", "out"}
# Words the paper hyphenates at a line end and nowhere else, whose hyphen belongs ("Uncovering
# mesa-optimization algorithms", "Meta-(out-of-context) learning").
HYPHENATED = {"mesa-optimization", "of-context", "outcome-based", "spectrally-normalized"}


def page_lines(paths: list[Path]) -> list[tuple[int, str]]:
    """(page, line) for every line of the reference list, headers and page numbers dropped."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    lines: list[tuple[int, str]] = []
    started = False
    for match in re.finditer(r"=== PAGE (\d+) ===\n(.*?)(?=\n=== PAGE |\Z)", text, re.S):
        page = int(match.group(1))
        if not FIRST_PAGE <= page <= LAST_PAGE:
            continue
        body = [line.rstrip() for line in match.group(2).strip("\n").split("\n")]
        if body and body[0].strip() == HEADER:
            body = body[1:]
        if body and body[-1].strip() == str(page):
            body = body[:-1]
        for line in body:
            if not started:
                started = line.strip() == "References"
                continue
            if line.strip():
                lines.append((page, line.strip()))
    if not started:
        raise SystemExit("no 'References' heading found: pass the paper's chunk2 and chunk3 text")
    return lines


def split_entries(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    entries: list[tuple[int, list[str]]] = []
    for page, line in lines:
        if entries:
            text = " ".join(entries[-1][1])
            if not (ENTRY_END.search(text) and YEAR_STOP.search(text) and not NOT_AN_AUTHOR_START.match(line)):
                entries[-1][1].append(line)
                continue
        entries.append((page, [line]))
    return entries


class Joiner:
    """Joins an entry's lines, deciding each line-end hyphen by the paper's own usage."""

    def __init__(self, corpus: str):
        flat = re.sub(r"\s+", " ", corpus.lower())
        self.words = Counter(re.findall(r"[a-z]+(?:-[a-z]+)*", flat))

    def count(self, word: str) -> int:
        return self.words.get(word.lower(), 0)

    def hyphen(self, before: str, after: str) -> bool:
        """Whether the hyphen in before + '-' + after is a real one."""
        head = re.search(r"([A-Za-z]+)-$", before)
        tail = re.match(r"([A-Za-z]+)", after)
        if not head or not tail:
            return True
        a, b = head.group(1), tail.group(1)
        if b[0].isupper() or f"{a}-{b}".lower() in HYPHENATED:
            return True
        hyphenated, joined = self.count(f"{a}-{b}"), self.count(f"{a}{b}")
        if hyphenated or joined:
            return hyphenated >= joined
        return a.lower() in KEEP_HYPHEN

    def join(self, lines: list[str]) -> str:
        text = ""
        for line in lines:
            if not text:
                text = line
                continue
            last = text.split()[-1]
            in_url = last.startswith(("http", "URL")) and not last.endswith(" .") and "http" in last
            if in_url or (last.startswith("https:") or last.endswith("doi.org/10")):
                text += line
            elif re.fullmatch(r"(?:10\.\d+\S*|arXiv:\S+)", last) and not last.endswith((".", ",")):
                text += line  # a DOI or an arXiv id broken at the line end
            elif re.search(r"arXiv:\s?\d{4}\.$", text) and re.match(r"\d{4,5}\b", line):
                text += line
            elif text.endswith("-") and re.search(r"[A-Za-z]-$", text):
                text = text + line if self.hyphen(text, line) else text[:-1] + line
            else:
                text += " " + line
        return text


# Surnames with a capital inside, kept whole when a name printed without spaces is split at its
# capitals ("DavidMcAllester" -> "David McAllester", not "David Mc Allester").
INNER_CAPITAL_SURNAMES = {"McAllester", "McMillan-Major", "MacDiarmid", "DiResta", "DasSarma", "McCandlish"}


def split_squashed(name: str) -> str:
    """'AlbertQJiang' -> 'Albert Q Jiang': a name printed without its spaces; and an initial
    glued to a first name in a spaced one: 'AnthonyG Cohn' -> 'Anthony G Cohn'."""
    if name.isupper() or name in ONE_WORD_NAMES:
        return name
    if " " in name:
        # ("Kevin MacG Adams" is printed so: MacG is his middle name's abbreviation.)
        return " ".join(word if word.startswith(("Mac", "Mc")) else re.sub(r"(?<=[a-z]{2})(?=[A-Z]$)", " ", word)
                        for word in name.split(" "))
    kept = {}
    for number, surname in enumerate(sorted(INNER_CAPITAL_SURNAMES, key=len, reverse=True)):
        if surname in name:
            name = name.replace(surname, f" \0{number}\0")
            kept[f"\0{number}\0"] = surname
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    name = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    for mark, surname in kept.items():
        name = name.replace(mark, surname)
    return re.sub(r"\s+", " ", name).strip()


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    # Accents the extraction printed as separate marks: "Kamil˙ e Lukoši¯ ut˙ e" -> "Kamilė Lukošiūtė".
    text = text.replace("˙ e", "ė").replace("¯ u", "ū")
    text = re.sub(r"\s+([,.:;)])", r"\1", text)
    return re.sub(r"\(\s+", "(", text)


def parse(text: str) -> dict:
    record: dict = {}
    # "doi: https://doi.org/10.1016/j.future.2019.07.059.URL https://...": the URL's own word
    # glued to the DOI's end.
    text = re.sub(r"(?<=\S)\.URL\s", ". URL ", text)
    # The tail: after the last "year." that is followed by identifiers or notes only.
    stops = list(YEAR_STOP.finditer(text))
    marker = re.search(r"\bURL\s|https?:|\bdoi:|Accessed on:|\bISSN|\bISBN", text)
    stop = ([m for m in stops if marker is None or m.start() < marker.start()] or stops)[-1]
    body, tail = text[: stop.end()], text[stop.end():]
    record["_tail"] = tail
    date = DATE_AT_END.search(body)
    record["year"] = int(date.group("year"))
    if date.group("suffix"):
        record["suffix"] = date.group("suffix")
    if date.group("date").strip(" ,"):
        record["date"] = date.group("date").strip(" ,")
    body = body[: date.start()].rstrip(" ,.")

    # Identifiers anywhere in the entry.
    arxiv = ARXIV.search(text) or ARXIV_URL.search(text) or ARXIV_ABS.search(text)
    if arxiv:
        record["arxiv"] = arxiv.group(1)
    doi = DOI.search(text) or re.search(r"doi\.org/(10\.\d{4,9}/\S+)", text)
    if doi:
        record["doi"] = doi.group(1).rstrip(".,;:")  # a final full stop ends the sentence, not the DOI
    urls = [m.group(1).rstrip(".") for m in URL.finditer(DOI.sub("", text))]
    if urls:
        record["url"] = urls[0]
        if len(urls) > 1:
            record["_more_urls"] = urls[1:]
    note = URL.sub("", DOI.sub("", tail))
    note = re.sub(r"\s+\.(?=\s|$)", "", note)
    note = tidy(note).strip(" .")
    if note:
        record["note"] = note

    # Authors. Title. Venue
    authors_end = re.search(r"(?<![A-Z]\.[A-Z])(?<!\b[A-Z])\.\s", body)
    if authors_end is None:  # no author printed: the entry starts with its title
        authors, rest = "", body
    else:
        authors, rest = body[: authors_end.start()], body[authors_end.end():]
    # A venue printed without the space after the title's full stop ("biases.Advances in Neural").
    rest = re.sub(rf"(?<=[A-Za-z]{{2}})\.(?={VENUE_START})", ". ", rest)
    title_end = re.search(r"(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)([.?!])(?:\s|(?=arXiv|In\s))", rest)
    if title_end:
        title = rest[: title_end.start()] + ("" if title_end.group(1) == "." else title_end.group(1))
        venue = rest[title_end.end():]
    else:
        title, venue = rest, ""
    # A title that asks or exclaims ("Reasoning or Reciting? Exploring the ...") goes on to its
    # subtitle: the venue starts after the subtitle's full stop. A subtitle in lower case has
    # nothing else to tell it from a venue; one in title case is the part before a full stop.
    if title[-1:] in "?!" and venue:
        subtitle = re.match(r"(.+?(?:[a-z0-9)]|[A-Z]{2}))\.\s+(?=[A-Z]|arXiv)", venue)
        if subtitle and not re.match(VENUE_START, venue):
            title, venue = f"{title} {subtitle.group(1)}", venue[subtitle.end():]
        elif venue[0].islower() and not re.match(VENUE_START, venue):
            title, venue = f"{title} {venue}", ""
    record["title"] = tidy(title)
    venue = tidy(re.sub(r"\s\.(?=\s|$)", "", URL.sub("", venue))).strip(" ,")
    # "InProceedings of ...", "volume 139 ofProceedings of ...": the space was lost.
    venue = re.sub(r"^In(?=[A-Z])|\bof(?=Proceedings)", lambda m: m.group(0) + " ", venue)
    if venue:
        record["venue"] = venue
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", tidy(authors)) if n.strip()]
    if names and re.search(r"(?:^|\s)et ?al\.?$", names[-1]):
        record["et_al"] = True
        names[-1] = re.sub(r"\s*et ?al\.?$", "", names[-1])
        names = [n for n in names if n]
    names = [re.sub(r"^and(?=[A-Z])\s*|^and\s+", "", split_squashed(n)) for n in names]
    if names and names[-1] in ("editor", "editors"):  # "Noam Nisan, editor."
        record["editors"] = True
        names = names[:-1]
    record["authors"] = [n for n in names if n not in ("...", "…")]
    if any(n in ("...", "…") for n in names):
        record["elided"] = True
    return record


def fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("ł", "l").replace("ß", "ss"))
    return re.sub(r"[^a-z]", "", ascii_name.encode("ascii", "ignore").decode().lower())


def surname(author: str) -> str:
    """The surname an author-year citation prints: the last name, with its particles."""
    words = author.split()
    while len(words) > 1 and words[-1].lower().strip(",") in NAME_SUFFIXES:
        words = words[:-1]
    name = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() in PARTICLES:
            name.insert(0, word)
        else:
            break
    return " ".join(name)


FIELD_ORDER = ["id", "authors", "et_al", "elided", "editors", "organisations", "title", "venue", "date", "year", "suffix", "arxiv",
               "arxiv_looked_up", "doi", "url", "note",
               "cited_elsewhere"]


def cited_elsewhere(records: list[dict], citations: dict) -> None:
    """Set `cited_elsewhere` on each record that no challenge, sub-section or question cites."""
    in_records: set[str] = set()
    elsewhere: dict[str, list[str]] = {}
    for location in citations["locations"]:
        if location["kind"] != "elsewhere":
            in_records.update(location["cites"])
        else:
            for work in location["cites"]:
                elsewhere.setdefault(work, []).append(location["location"])
    for record in records:
        if record["id"] in in_records:
            continue
        if record["id"] in elsewhere:
            record["cited_elsewhere"] = ", ".join(elsewhere[record["id"]])
        elif "-" in record["id"]:
            shared = record["id"].split("-")[0]
            record["cited_elsewhere"] = (f"some of the places where {shared} is cited (the paper cites both works"
                                         " by the same first author and year)")


def build(paths: list[Path], report: bool = False) -> dict[int, list[dict]]:
    lines = page_lines(paths)
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    joiner = Joiner(corpus)
    repairs = yaml.safe_load(REPAIRS.read_text(encoding="utf-8")) or {} if REPAIRS.exists() else {}
    by_index = repairs.get("repairs", {}) or {}
    cited_as = repairs.get("cite_as", {}) or {}
    organisations = set(repairs.get("organisations", []) or [])
    records: list[tuple[int, dict]] = []
    for number, (page, entry_lines) in enumerate(split_entries(lines), start=1):
        record = parse(joiner.join(entry_lines))
        record["_number"] = number
        record.update(by_index.get(number, {}) or {})
        if any(name in organisations for name in record["authors"]):
            record["organisations"] = [name for name in record["authors"] if name in organisations]
        records.append((page, record))

    seen: dict[str, int] = {}
    for _, record in records:
        first = record["authors"][0] if record["authors"] else None
        cite = record.pop("cite_as", None) or cited_as.get(first) or (surname(first) if first else "anon")
        base = f"{fold(cite)}{record['year']}{record.get('suffix', '')}"
        key = base
        if base in seen:
            second = record["authors"][1] if len(record["authors"]) > 1 else None
            key = f"{base}-{fold(surname(second))}" if second else f"{base}-{seen[base] + 1}"
        seen[base] = seen.get(base, 0) + 1
        record["id"] = key
    # Identifiers the paper does not print, read from each work's own abstract page.
    looked_up = repairs.get("arxiv_looked_up", {}) or {}
    for _, record in records:
        if record["id"] in looked_up:
            assert not record.get("arxiv"), f"{record['id']} has a printed arXiv id: drop its look-up"
            record.update(arxiv=str(looked_up.pop(record["id"])), arxiv_looked_up=True)
    assert not looked_up, f"arxiv_looked_up names no entry: {sorted(looked_up)}"
    if CITATIONS.exists():
        cited_elsewhere([record for _, record in records], yaml.safe_load(CITATIONS.read_text(encoding="utf-8")))
    for _, record in records:
        for field, value in list(record.items()):
            if value is None:
                del record[field]

    if report:
        _report(records)
    pages: dict[int, list[dict]] = {p: [] for p in range(FIRST_PAGE, LAST_PAGE + 1)}
    for page, record in records:
        pages[page].append({k: record[k] for k in FIELD_ORDER if k in record})
    return pages


def _report(records):
    for page, r in records:
        problems = []
        for field in ("title", "venue"):
            for word in re.findall(r"\S{25,}", r.get(field, "")):
                problems.append(f"{field}: long word {word!r}")
            if len(r.get(field, "")) > 15 and " " not in r.get(field, ""):
                problems.append(f"{field}: no space")
        for author in r["authors"]:
            if re.search(r"[a-z][A-Z]", author) or len(author.split()) > 4 or "." in author:
                problems.append(f"author {author!r}")
        if r.get("note"):
            problems.append(f"note {r['note']!r}")
        if r.get("_more_urls"):
            problems.append(f"more urls {r['_more_urls']}")
        if r.get("elided"):
            problems.append("ellipsis in authors")
        if not r.get("title"):
            problems.append("no title")
        if problems:
            print(f"#{r['_number']} p{page} {r['id']}: " + "; ".join(problems))


def write(pages: dict[int, list[dict]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("p*.yml"):
        old.unlink()
    for page, references in pages.items():
        text = yaml.dump({"page": page, "references": references}, Dumper=yaml.SafeDumper, allow_unicode=True,
                         sort_keys=False, width=1000, default_flow_style=None)
        (OUT / f"p{page}.yml").write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    report = "--report" in argv
    paths = [Path(a) for a in argv if a != "--report"]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    pages = build(paths, report)
    write(pages)
    total = sum(len(v) for v in pages.values())
    print(f"wrote {total} references to {OUT.relative_to(ROOT)}/ ({len(pages)} files)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
