"""Find where the paper cites each work: which locations cite which reference ids.

Usage:
    python3 tools/find_citations.py PAPER_TEXT... [--out tools/citations_found.yml]
                                      [--write-records] [--report CITATIONS-REPORT.md]

    e.g. python3 tools/find_citations.py /work/paper/chunk1.txt /work/paper/chunk2.txt

The paper text is not in this repository. It is the text extracted from the PDF of Anwar et al.,
"Foundational Challenges in Assuring Alignment and Safety of Large Language Models" (TMLR 2024,
arXiv 2404.09932v2), as published in the public GitHub repository
`lizTheDeveloper/ai_game_theory_simulation`, files
`research/ai_safety_questions/chunk1/chunk1_text.txt` (PDF pages 1-60) and
`research/ai_safety_questions/chunk2/chunk2_text.txt` (pages 61-120). Pages are marked
`=== PAGE N ===`; the extraction sometimes drops the spaces between words.

What the script does
--------------------
1. Reads the body (pages 6 to the "Acknowledgements" heading on page 112), dropping the running
   header ("Published in Transactions on Machine Learning Research (09/2024)"), each page's
   printed number, and the arrow glyphs after each research question.
2. Splits it into locations, by finding the headings in the order the paper prints them (the
   challenge and sub-section numbers come from `content/challenges/*.yml`, and each heading must
   resemble the record's title):
   - `2.1` etc.: a challenge's introduction, from its heading to its first sub-section heading;
   - `2.1.1` etc.: a sub-section, from its heading to the next heading, or (the last sub-section
     of a challenge) to the challenge's closing box;
   - `Q1` ... `Q215`: a research question. The paper prints each challenge's questions as a
     numbered list at the end of the challenge, after a closing box; a question is found by its
     number at the start of a line followed by the printed text from questions.tsv (compared with
     spaces and punctuation ignored), and runs to the next question or heading. Since the
     questions follow the sub-sections rather than sit inside them, a citation inside a question
     is attributed to that question only, never also to a sub-section. A footnote printed at the
     bottom of a page that falls inside the question list goes with the question it interrupts.
   - everything else is an "elsewhere" location: `Section 1`, `Section 1.1` ... (the
     introduction), `Section 2` (a category's introduction), `Table 1` (the TL;DR tables, from the
     caption to the first challenge heading; Tables 2 and 5 to their last row), `Figure 1` ...
     (captions, to the first short line that ends a sentence), `Section 2.1 closing box` (the boxed
     summary before a challenge's questions: the paragraph right before question 1),
     `Section 5.1`, `Section 5.2`.
3. Extracts author-year citations from each location:
   - parenthetical: `(A et al., 2020; B and C, 2021a,b; see D, 2019, Chapter 5)`, split on ';'
     (a lone suffix such as the `b` of `2022a;b` joins the previous item), with leading prose
     (`e.g.`, `see`, any lower-case words) removed;
   - textual: `A et al. (2020)`, `A and B (2020a;b)`, `OpenAI (2023a)`, `Gemini Team (2024)`.
   The first author is the surname before `et al.` or `and` (with particles such as `von`, `De`);
   for a single (often organisational) author the whole name (`Frontier Model Forum`); when an
   organisation prints with commas (`ISO, International Organization for Standardization`,
   `CHAI, Far.ai, and Ditchley Foundation`) the part before the first comma.
   The id is that name folded to ASCII lower-case letters, the year and the suffix letter:
   `Akyürek et al. (2022a)` -> `akyurek2022a`, `von Oswald et al., 2023` -> `vonoswald2023`.
   Ids are not de-collided here: each id is listed with the citation as printed (whole author
   string, first author, second author when printed, year) so that a later step can settle
   collisions (`wang2023a-zhang`) against the reference records.
4. Writes `tools/citations_found.yml` (or --out): `locations` (each with kind, title, pages
   and its ordered, de-duplicated ids), `ids` (each with how it prints and where it is cited),
   `unparsed` (citation-like strings not understood) and `yearless` (back-references such as
   "Halawi et al. discover" that name no year, and so no id).
   With --write-records it also adds `cites: [...]` to the challenge records (intro, sub-sections,
   questions) by inserting lines, leaving the rest of each hand-formatted file as it is.
   With --report it writes the Markdown report.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from collections import OrderedDict, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHALLENGES = ROOT / "content" / "challenges"
QUESTIONS_TSV = Path("/work/shared/agenda-source/questions.tsv")

HEADER = "Published in Transactions on Machine Learning Research (09/2024)"
ARROW = "←◁arrowhookright"
FIRST_BODY_PAGE = 6  # pages 2-5 are the table of contents
LAST_BODY_PAGE = 112

# Headings that are not challenge records, in print order, with their titles.
OTHER_HEADINGS = {
    "1": "Introduction", "1.1": "Why This Agenda?", "1.2": "Terminology", "1.3": "Structure",
    "2": "Scientific Understanding of LLMs", "3": "Development and Deployment Methods",
    "4": "Sociotechnical Challenges", "5": "Discussion", "5.1": "Limitations", "5.2": "Prior Work",
}

# Closing boxes whose first line the width rule misses (4.1.5 ends with a summary paragraph
# as wide as the box).
BOX_STARTS = {"4.1": "Collaborations with philosophers"}

YEAR = r"(?:1[89]|20)\d\d[a-z]?"
PARTICLES = {"von", "van", "der", "den", "dem", "de", "da", "di", "du", "le", "la", "dos", "del", "ten", "ter",
             "Ó", "De", "Le", "La", "Van", "Von", "Di", "Da", "Du", "Del", "Der", "Den", "Dos"}
UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"  # upper-case Latin letters (Latin Extended-A is mixed case; fine for a start)
NAME_WORD = rf"(?:[{UPPER}]|h(?=[{UPPER}]))[^\s,;()]*"  # h for "Ó hÉigeartaigh"
PARTICLE_RE = "|".join(sorted(PARTICLES, key=len, reverse=True))
LOWER_PARTICLES = "|".join(sorted((p for p in PARTICLES if p.islower()), key=len, reverse=True))
# A surname, with its particles ("von Oswald", "De Cao") or as a compound ("Schroeder de Witt").
SURNAME = (rf"(?<![\w’'.-])(?:{NAME_WORD}\s+(?=(?:{LOWER_PARTICLES})\s))?"
           rf"(?:(?<![\w’'.-])(?:{PARTICLE_RE})\s+)*{NAME_WORD}")
ET_AL = r"\s*et\s*al\.?"
# Capitalised words that start sentences or name things, never part of an author's name.
STOP_WORDS = set("""A An And As At Also Although Among Both But By Building Following For From Further
Furthermore However In Indeed Instead Its Like Meanwhile Moreover Most Notably On Our Prior Recent
Recently Relatedly See Several Similarly Since So Some Such That The Their Then There These This
Those Thus To Unlike We When Where While With Work Works Yet Additionally Alternatively Specifically
Finally First Second Third Other Others Also E.g. Eg Cf. Contrary Conversely Here Using Via Per Each
Based Like Given After Before Under Over Within Between Beyond Through During Across""".split())

FOLD = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "Æ": "ae",
                      "đ": "d", "Đ": "d", "ı": "i", "þ": "th", "Þ": "th", "œ": "oe", "Œ": "oe"})


def fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name.translate(FOLD))
    return re.sub(r"[^a-z]", "", "".join(c for c in name if not unicodedata.combining(c)).lower())


def norm(text: str) -> str:
    """Text with everything but letters and digits removed (the extraction drops spaces)."""
    return re.sub(r"[^a-z0-9]", "", fold_keep_digits(text))


def fold_keep_digits(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# ---------------------------------------------------------------- reading the paper

def read_lines(paths: list[Path]) -> list[tuple[int, str]]:
    """(page, line) for every body line, without running headers and page numbers."""
    pages: dict[int, list[str]] = {}
    for path in paths:
        page = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            found = re.match(r"^=== PAGE (\d+) ===$", line.strip())
            if found:
                page = int(found.group(1))
                pages[page] = []
            elif page:
                pages[page].append(line.rstrip())
    lines: list[tuple[int, str]] = []
    for page in sorted(pages):
        if not FIRST_BODY_PAGE <= page <= LAST_BODY_PAGE:
            continue
        body = [line for line in pages[page] if line.strip() and line.strip() != HEADER]
        if body and body[-1].strip() == str(page):
            body.pop()
        for line in body:
            if page == LAST_BODY_PAGE and line.strip() in ("Acknowledgements", "References"):
                return lines
            lines.append((page, line.replace(ARROW, "").rstrip()))
    return lines


def join(lines: list[str]) -> str:
    """Lines joined into running text, undoing end-of-line hyphenation before a lower-case letter."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif text.endswith("-") and line[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + line
        elif text.endswith("-") or text.endswith("/"):
            text += line
        else:
            text += " " + line
    return text


def load_records() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(CHALLENGES.glob("*.yml"), key=lambda p: [int(x) for x in p.stem.split(".")])]


def load_questions(path: Path) -> dict[int, tuple[str, str]]:
    questions = {}
    for row in path.read_text(encoding="utf-8").splitlines()[1:]:
        number, challenge, text = row.split("\t", 2)
        questions[int(number)] = (challenge, text)
    return questions


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def find_heading(lines, start: int, number: str, title: str) -> int:
    """Index of the line printing heading `number title`, searching from start."""
    pattern = re.compile(rf"^{re.escape(number)}\s*(?=[A-Z‘“])(.*)$")
    best = None
    for i in range(start, len(lines)):
        found = pattern.match(lines[i][1].strip())
        if not found:
            continue
        text = found.group(1)
        if i + 1 < len(lines) and len(norm(text)) < len(norm(title)):
            text += " " + lines[i + 1][1]  # a heading may wrap onto a second line
        score = similar(text[: len(title) + 5], title)
        if score >= 0.6:
            return i
        best = best or (i, score)
    raise SystemExit(f"heading {number} {title!r} not found after line {start} (nearest: {best})")


def find_question(lines, start: int, end: int, number: int, text: str) -> int:
    pattern = re.compile(rf"^{number}\.\s*(\S.*)$")
    want = norm(text)[:60]
    for i in range(start, end):
        found = pattern.match(lines[i][1].strip())
        if found:
            here = norm(" ".join([found.group(1)] + [line for _, line in lines[i + 1:i + 3]]))
            if difflib.SequenceMatcher(None, here[: len(want)], want).ratio() >= 0.8:
                return i
    raise SystemExit(f"question {number} not found in lines {start}-{end}")


def is_paragraph_end(line: str, width: int) -> bool:
    line = line.rstrip()
    return len(line) < 0.85 * width and line.endswith((".", ".)", ":", "?", ".”", ")"))


def split_locations(lines, records, questions) -> list[dict]:
    """Locations in print order: {id, kind, title, start, end} with [start, end) line indexes."""
    headings: list[tuple[str, str, str]] = []  # (number, title, kind)
    for number in ("1", "1.1", "1.2", "1.3"):
        headings.append((number, OTHER_HEADINGS[number], "elsewhere"))
    for category in ("2", "3", "4"):
        headings.append((category, OTHER_HEADINGS[category], "elsewhere"))
        for record in records:
            if record["section"].split(".")[0] != category:
                continue
            headings.append((record["section"], record["title"], "challenge"))
            for sub in record["subsections"]:
                headings.append((sub["section"], sub["title"], "subsection"))
    for number in ("5", "5.1", "5.2"):
        headings.append((number, OTHER_HEADINGS[number], "elsewhere"))

    starts = []
    at = 0
    for number, title, kind in headings:
        at = find_heading(lines, at, number, title)
        starts.append(at)
        at += 1
    starts.append(len(lines))

    locations = []
    for (number, title, kind), start, end in zip(headings, starts, starts[1:]):
        name = number if kind != "elsewhere" else f"Section {number}"
        locations.append({"id": name, "kind": kind if kind != "elsewhere" else "elsewhere",
                          "title": title, "start": start, "end": end})

    # Each challenge's questions (and the box before them) end its last sub-section.
    by_challenge = defaultdict(list)
    for number, (challenge, text) in questions.items():
        by_challenge[challenge].append(number)
    extra = []
    for record in records:
        last = next(loc for loc in locations if loc["id"] == record["subsections"][-1]["section"])
        numbers = sorted(by_challenge[record["section"]])
        q_starts = []
        at = last["start"] + 1
        for number in numbers:
            at = find_question(lines, at, last["end"], number, questions[number][1])
            q_starts.append(at)
            at += 1
        # The closing box: the paragraph right before question 1. The box is narrower than the
        # page, so its lines are measured against its own width; a line ending in '?' ends the
        # paragraph before it whatever its length (the box never asks questions), and so does a
        # sentence-ending line wider than the box.
        box = q_starts[0] - 1
        box_width = max(len(lines[i][1]) for i in range(box - 5, box))
        def ends_body(line: str) -> bool:
            line = line.rstrip()
            return (is_paragraph_end(line, box_width) or line.endswith("?")
                    or (len(line) > box_width + 2 and line.endswith((".", ".)"))))  # too wide for the box

        while box - 1 > last["start"] and not ends_body(lines[box - 1][1]):
            box -= 1
        if record["section"] in BOX_STARTS:  # checked by hand where the rule above fails
            box = next(i for i in range(last["start"], q_starts[0])
                       if lines[i][1].startswith(BOX_STARTS[record["section"]]))
        extra.append({"id": f"Section {record['section']} closing box", "kind": "elsewhere",
                      "title": f"the boxed summary closing {record['section']}", "start": box,
                      "end": q_starts[0]})
        for number, start, end in zip(numbers, q_starts, q_starts[1:] + [last["end"]]):
            extra.append({"id": f"Q{number}", "kind": "question", "title": questions[number][1][:60],
                          "start": start, "end": end, "number": number})
        last["end"] = box
    locations += extra

    # Tables and figures: carved out of whatever location they fall in.
    for i, (_, line) in enumerate(lines):
        found = re.match(r"^(Table|Figure) (\d+):", line.strip())
        if not found:
            continue
        label = f"{found.group(1)} {found.group(2)}"
        if label in ("Table 1", "Table 3", "Table 4"):  # the TL;DR tables run up to the first challenge
            end = next(loc["start"] for loc in locations if loc["kind"] == "challenge" and loc["start"] > i)
        elif label == "Table 2":
            end = next(j for j in range(i, len(lines)) if lines[j][1].startswith("Human-Generated Data")) + 1
        elif label == "Table 5":
            end = next(j for j in range(i, len(lines)) if lines[j][1].startswith("(RAIL Team, 2024)")) + 1
        else:  # a figure's caption: to the first line that ends a sentence
            end = next(j for j in range(i, len(lines)) if lines[j][1].rstrip().endswith((".", ".)"))) + 1
        locations.append({"id": label, "kind": "elsewhere", "title": line.strip()[:70], "start": i, "end": end})

    # Resolve overlaps: a later-added, narrower span (question, box, table, figure) wins its lines.
    owner = [None] * len(lines)
    for index, loc in enumerate(locations):
        for i in range(loc["start"], loc["end"]):
            owner[i] = index
    # A heading's own lines (one, or two when the title wraps) are no part of the text.
    for loc in locations:
        if loc["kind"] in ("challenge", "subsection") or re.match(r"^Section [1-5](\.\d+)?$", loc["id"]):
            owner[loc["start"]] = None
            first = re.sub(r"^[0-9.]+\s*", "", lines[loc["start"]][1])
            if len(norm(first)) < len(norm(loc["title"])) - 2:
                owner[loc["start"] + 1] = None
    for index, loc in enumerate(locations):
        loc["lines"] = [i for i in range(len(lines)) if owner[i] == index]
        pages = sorted({lines[i][0] for i in loc["lines"]})
        loc["pages"] = f"{pages[0]}-{pages[-1]}" if len(pages) > 1 else str(pages[0]) if pages else ""
    return locations


# ---------------------------------------------------------------- citations

class Cite:
    def __init__(self, authors: str, first: str, second: str | None, year: str, printed: str):
        self.authors, self.first, self.second, self.year, self.printed = authors, first, second, year, printed

    @property
    def id(self) -> str:
        return fold(self.first) + self.year


def expand_years(text: str) -> list[str]:
    """'2022a,b' / '2022a;b' / '2021, 2023a' -> ['2022a', '2022b'] / ... ; [] if text is not years."""
    years: list[str] = []
    for part in re.split(r"\s*[,;]\s*", text.strip()):
        if re.fullmatch(YEAR, part):
            years.append(part)
        elif re.fullmatch(r"[a-z]", part) and years:
            years.append(years[-1][:4] + part)
        else:
            return []
    return years


# Author strings the rules below misread, as printed -> the first author as cited.
PRINTED_AUTHORS = {
    # "(of Partici-pating Countries, 2023)": BibTeX took "Governments" for a first name.
    "of Participating Countries": "of Participating Countries",
    # "(e.g. Anthropic’s Long Term Benefit Trust Anthropic, 2023f)": prose, then the author.
    "e.g. Anthropic’s Long Term Benefit Trust Anthropic": "Anthropic",
}
# Citations the extraction glued to the text before them so that no rule can find the name, as
# extracted -> as printed (a footnote mark "18", a sentence without its space).
GLUED_TEXT = {
    "RASP.Angluinetal.(2023)": "RASP. Angluin et al. (2023)",  # 2.4.5
    "ments.18Shevlane (2022)": "ments. Shevlane (2022)",  # 4.5.8, after footnote mark 18
}
# Organisations cited with "et al." ("Center for AI Safety et al. (2024)"): the whole name is the
# first author, not its last word.
ORGANISATION_AUTHORS = ("Center for AI Safety",)


def first_author(authors: str) -> tuple[str, str | None] | None:
    """(first author, second author or None) from an author string as printed, or None."""
    if re.sub(r"\s+", " ", authors).strip(" ,") in PRINTED_AUTHORS:
        return PRINTED_AUTHORS[re.sub(r"\s+", " ", authors).strip(" ,")], None
    authors = original = re.sub(r"\s+", " ", authors).strip(" ,")
    # A lower-case particle glued to the surname ("deWittetal.") is part of it, not prose.
    glued_particle = re.fullmatch(rf"({LOWER_PARTICLES})([{UPPER}][a-z]+)et\s*al\.?", authors)
    if glued_particle:
        return f"{glued_particle.group(1)} {glued_particle.group(2)}", None
    # Leading prose: lower-case words (but not a particle that starts a surname), "e.g." and the like.
    while True:
        found = re.match(r"^([a-z][\w.\-’']*|[A-Z][a-z]?\.[a-z]?\.?|[\[\]:–—])(?:[\s,:]+|(?=[A-Z]))", authors)
        if not found or (found.group(1) in PARTICLES
                          and re.match(rf"^{found.group(1)}\s+(?:(?:{LOWER_PARTICLES})\s+)*[{UPPER}]", authors)):
            break
        if found.group(1) in STOP_WORDS or found.group(1)[0].islower() or not found.group(1)[0].isalpha():
            authors = authors[found.end():]
        else:
            break
    if re.fullmatch(r"[a-z]+", authors):
        authors = ""
    if not authors:
        # A lone lower-case word printed as an author ("(hou, 2023)", a mangled "White House").
        return (original, None) if re.fullmatch(r"[a-z]+", original) else None
    for organisation in ORGANISATION_AUTHORS:
        if re.search(rf"(?:^|\s){re.escape(organisation)}\s*et\s*al\.?$", authors):
            return organisation, None
    et_al = re.search(rf"({SURNAME})\s*et\s*al\.?$", authors)
    if et_al:
        return et_al.group(1), None
    glued = re.fullmatch(r"(.*?[a-z])et\s*al\.?", authors)
    if glued:
        return first_author(glued.group(1))[0], None
    two = re.search(rf"({SURNAME})\s*(?:and|&)\s*({SURNAME})$", authors) if "," not in authors else None
    if not two:
        two = re.search(rf"({NAME_WORD})and({NAME_WORD})$", authors) if "," not in authors else None
    if two:
        return two.group(1), two.group(2)
    if "," in authors:
        return authors.split(",")[0].strip(), None
    words = authors.split()
    # A single (maybe organisational) author: drop leading sentence words.
    while len(words) > 1 and words[0] in STOP_WORDS:
        words = words[1:]
    name_word = rf"^(?:{NAME_WORD}|{PARTICLE_RE}|of|the|for|on|and|at|in|to)$"
    if not all(re.match(name_word, w) for w in words):
        # Prose before the name ("a ‘move fast and break things’ approach Blodget"): the name is
        # the last capitalised word.
        if re.match(rf"^{NAME_WORD}$", words[-1]) and words[-1] not in STOP_WORDS:
            return words[-1], None
        return None
    return " ".join(words), None


INNER_PAREN = re.compile(r"\(([^()]*)\)")
TEXTUAL = re.compile(
    rf"((?:(?<![\w’'.-])(?:{NAME_WORD}|{PARTICLE_RE}|of|the|for)\s+){{0,4}}{SURNAME}(?:{ET_AL}|\s*(?:and|&)\s*{SURNAME})?)"
    rf"\s*\(\s*({YEAR}(?:\s*[,;]\s*(?:{YEAR}|[a-z]\b))*)\s*(?:,\s*[^()]*?)?\)")


def textual_name(words: str) -> str:
    """The name part of a textual citation: from the last stop word or sentence end on."""
    for organisation in ORGANISATION_AUTHORS:
        if re.search(rf"(?:^|\s){re.escape(organisation)}{ET_AL}$", words):
            return organisation + " et al."
    tail = re.search(rf"(?:{ET_AL}|\s*(?:and|&)\s*{SURNAME})$", words)
    head, tail = (words[:tail.start()], tail.group(0)) if tail else (words, "")
    parts = head.split()
    for k in range(len(parts) - 1, -1, -1):
        if parts[k] in STOP_WORDS or (parts[k][0].islower() and parts[k] not in PARTICLES) \
                or (parts[k].endswith(".") and k < len(parts) - 1):
            parts = parts[k + 1:]
            break
    if parts:
        # Words the extraction glued to the name: "RASP.Angluin", "...isonereasonGuha".
        last = parts[-1].split(".")[-1] or parts[-1]
        glued = re.match(r"^[A-Za-z]{10,}?[a-z]([A-Z][a-z]+)$", last)
        parts[-1] = glued.group(1) if glued else last
    return (" ".join(parts) + tail).strip() if parts else ""


def extract(text: str) -> tuple[list[Cite], list[str], list[str]]:
    """Citations in text (in order), citation-like strings not understood, and year-less mentions."""
    found: list[tuple[int, Cite]] = []
    unparsed: list[str] = []
    used: list[tuple[int, int]] = []
    for match in TEXTUAL.finditer(text):
        name = textual_name(match.group(1))
        result = first_author(name) if name else None
        years = expand_years(match.group(2))
        if not result or not years:
            unparsed.append(match.group(0))
            continue
        for year in years:
            found.append((match.start(), Cite(name, result[0], result[1], year, match.group(0))))
        used.append((match.start(), match.end()))
    blanked = text
    for a, b in used:
        blanked = blanked[:a] + " " * (b - a) + blanked[b:]
    # Innermost parentheses first, each then blanked out, so that "(e.g. X (A, 2020), Y (B, 2021))"
    # yields both citations and leaves "(e.g. X , Y )" with nothing more to find.
    matches = []
    while True:
        inner = list(INNER_PAREN.finditer(blanked))
        if not inner:
            break
        matches += inner
        for match in inner:
            blanked = blanked[:match.start()] + " " * (match.end() - match.start()) + blanked[match.end():]
    for match in sorted(matches, key=lambda m: m.start()):
        body = match.group(1)
        if not re.search(YEAR, body):
            continue
        items: list[str] = []
        for part in re.split(r"\s*;\s*", body):
            if re.fullmatch(r"[a-z](?:\s*,\s*[a-z])*", part) and items:
                items[-1] += "," + part  # the 'b' of '2022a;b'
            elif re.fullmatch(YEAR, part) and items and re.search(rf"{YEAR}$", items[-1]):
                items[-1] += ", " + part  # the '2023' of '(Onoe et al., 2022; 2023)'
            else:
                items.append(part)
        for item in items:
            cite = re.search(rf"^(.*?)(?:,\s*|(?<=al\.)\s*)({YEAR}(?:\s*,\s*(?:{YEAR}|[a-z])\b)*)(?=$|[,\s])",
                             item.strip())
            if not cite:
                if re.search(rf"\b{YEAR}\b", item) and re.search(r"[A-Z][a-z]", item) \
                        and not re.fullmatch(rf"\s*{YEAR}\s*", item):
                    unparsed.append(f"({body})" if len(items) == 1 else item)
                continue
            result = first_author(cite.group(1))
            years = expand_years(cite.group(2))
            if not result or not years:
                unparsed.append(item)
                continue
            for year in years:
                found.append((match.start(), Cite(cite.group(1).strip(), result[0], result[1], year, item.strip())))
    found.sort(key=lambda pair: pair[0])
    yearless = [m.group(0) for m in re.finditer(rf"{SURNAME}{ET_AL}(?!\s*[,(]?\s*{YEAR})(?!\s*\()", text)
                if not re.search(rf"{ET_AL}\s*,\s*(?:{YEAR})", text[m.start():m.end() + 12])]
    return [cite for _, cite in found], unparsed, yearless


# ---------------------------------------------------------------- output

def run(paths: list[Path]) -> dict:
    records = load_records()
    questions = load_questions(QUESTIONS_TSV)
    lines = read_lines(paths)
    locations = split_locations(lines, records, questions)
    printed: dict[str, dict] = OrderedDict()
    result_locations = []
    unparsed_all, yearless_all = [], []
    for loc in locations:
        text = join([lines[i][1] for i in loc["lines"]])
        for glued, as_printed in GLUED_TEXT.items():
            text = text.replace(glued, as_printed)
        cites, unparsed, yearless = extract(text)
        ids = list(OrderedDict.fromkeys(c.id for c in cites))
        for cite in cites:
            entry = printed.setdefault(cite.id, {"first_author": cite.first, "year": cite.year,
                                                 "second_authors": [], "printed": [], "cited_in": []})
            if cite.second and cite.second not in entry["second_authors"]:
                entry["second_authors"].append(cite.second)
            form = cite.printed if len(cite.printed) < 120 else cite.printed[:117] + "..."
            if form not in entry["printed"] and len(entry["printed"]) < 4:
                entry["printed"].append(form)
            if loc["id"] not in entry["cited_in"]:
                entry["cited_in"].append(loc["id"])
        unparsed_all += [{"location": loc["id"], "text": u} for u in unparsed]
        yearless_all += [{"location": loc["id"], "text": y} for y in OrderedDict.fromkeys(yearless)]
        result_locations.append({"location": loc["id"], "kind": loc["kind"], "title": loc["title"],
                                 "pages": loc["pages"], "cites": ids})
    for entry in printed.values():
        if not entry["second_authors"]:
            del entry["second_authors"]
    return {"source": "Anwar et al. 2024 (arXiv 2404.09932v2), PDF text from lizTheDeveloper/ai_game_theory_simulation",
            "locations": result_locations, "ids": dict(sorted(printed.items())),
            "unparsed": unparsed_all, "yearless": yearless_all}


def flow_list(key: str, ids: list[str], indent: str, width: int = 100) -> list[str]:
    """`key: [a, b, ...]` wrapped into lines no longer than width."""
    lines, line = [], f"{indent}{key}: ["
    for n, item in enumerate(ids):
        piece = item + ("," if n < len(ids) - 1 else "]")
        if len(line) + len(piece) + 1 > width and not line.endswith("["):
            lines.append(line.rstrip())
            line = indent + "  " + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    return lines + [line]


def write_records(data: dict) -> None:
    cites = {loc["location"]: loc["cites"] for loc in data["locations"] if loc["cites"]}
    for path in sorted(CHALLENGES.glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [line for line in _without_cites(lines)]
        out: list[str] = []
        section = yaml.safe_load("\n".join(lines))["section"]
        # Where each item of subsections/questions ends: before the next item or top-level key.
        pending = None
        for line in lines:
            top = re.match(r"^([a-z_]+):", line)
            item = re.match(r"^  - (section|number): \"?([0-9.]+)\"?", line)
            if (top or item) and pending:
                out += pending
                pending = None
            if top and top.group(1) == "subsections" and cites.get(section):
                out += flow_list("cites", cites[section], "")
            if item:
                key = item.group(2) if item.group(1) == "section" else f"Q{item.group(2)}"
                pending = flow_list("cites", cites[key], "    ") if cites.get(key) else None
            out.append(line)
        if pending:
            out += pending
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _without_cites(lines: list[str]):
    """Lines with any earlier `cites:` entries (and their continuation lines) removed."""
    skipping = False
    for line in lines:
        if re.match(r"^\s*cites: \[", line):
            skipping = not line.rstrip().endswith("]")
            continue
        if skipping:
            skipping = not line.rstrip().endswith("]")
            continue
        yield line


def report(data: dict) -> str:
    locs = data["locations"]
    total = sum(len(loc["cites"]) for loc in locs)
    kinds_count = ", ".join(f"{k}: {sum(1 for loc in locs if loc['kind'] == k)}"
                            for k in ("challenge", "subsection", "question", "elsewhere"))
    out = ["# Citations report", "",
           "Made by `tools/find_citations.py` from the paper's PDF text; the data is in "
           "`tools/citations_found.yml`.", "",
           f"- locations: {len(locs)} ({kinds_count})",
           f"- citations found (distinct ids per location, summed over locations): {total}",
           f"- distinct ids: {len(data['ids'])}",
           f"- ids with more than one second author printed (certain collisions): "
           f"{sum(1 for e in data['ids'].values() if len(e.get('second_authors', [])) > 1)}",
           f"- unparsed citation-like strings: {len(data['unparsed'])}",
           f"- year-less mentions (no id): {len(data['yearless'])}", "",
           "## Per challenge", "",
           "| challenge | intro | sub-sections | questions | distinct ids |", "|---|---|---|---|---|"]
    for challenge in sorted({l["location"] for l in locs if l["kind"] == "challenge"},
                            key=lambda s: [int(x) for x in s.split(".")]):
        intro = next(l for l in locs if l["location"] == challenge)
        subs = [l for l in locs if l["kind"] == "subsection" and l["location"].startswith(challenge + ".")]
        qs = [l for l in locs if l["kind"] == "question" and any(
            l["location"] == q["location"] for q in locs)]
        qs = [l for l in qs if _question_challenge(l, data) == challenge]
        ids = {i for l in [intro, *subs, *qs] for i in l["cites"]}
        out.append(f"| {challenge} | {len(intro['cites'])} | {sum(len(l['cites']) for l in subs)} | "
                   f"{sum(len(l['cites']) for l in qs)} | {len(ids)} |")
    out += ["", "## Elsewhere locations", ""]
    for loc in locs:
        if loc["kind"] == "elsewhere":
            out.append(f"- {loc['location']} (p. {loc['pages']}): {len(loc['cites'])} ids")
    kinds = {l["location"]: l["kind"] for l in locs}
    only = {i: e["cited_in"] for i, e in data["ids"].items() if all(kinds[c] == "elsewhere" for c in e["cited_in"])}
    out += ["", f"## Ids cited only elsewhere ({len(only)})", ""]
    for i, where in only.items():
        out.append(f"- `{i}`: {', '.join(where)}")
    out += ["", "## Unparsed citation-like strings", ""]
    out += [f"- {u['location']}: `{u['text']}`" for u in data["unparsed"]] or ["none"]
    out += ["", "## Year-less mentions (back-references, no id)", ""]
    out += [f"- {u['location']}: `{u['text']}`" for u in data["yearless"]] or ["none"]
    return "\n".join(out) + "\n"


def _question_challenge(loc, data) -> str:
    return data["_question_challenges"].get(loc["location"], "")


def main(argv: list[str] | None = None) -> int:
    global QUESTIONS_TSV
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paper", nargs="+", type=Path, help="the paper's text, e.g. chunk1.txt chunk2.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "tools" / "citations_found.yml")
    parser.add_argument("--write-records", action="store_true", help="add cites: to content/challenges/*.yml")
    parser.add_argument("--report", type=Path, help="write the Markdown report here")
    parser.add_argument("--questions", type=Path, default=None, help="questions.tsv (default: %s)" % QUESTIONS_TSV)
    args = parser.parse_args(argv)
    QUESTIONS_TSV = args.questions or QUESTIONS_TSV
    data = run(args.paper)
    args.out.write_text("# Made by tools/find_citations.py; do not edit by hand.\n"
                        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    if args.write_records:
        write_records(data)
    if args.report:
        data["_question_challenges"] = {f"Q{n}": c for n, (c, _) in load_questions(QUESTIONS_TSV).items()}
        args.report.write_text(report(data), encoding="utf-8")
    print(f"{len(data['locations'])} locations, {sum(len(l['cites']) for l in data['locations'])} citations, "
          f"{len(data['ids'])} distinct ids, {len(data['unparsed'])} unparsed -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
