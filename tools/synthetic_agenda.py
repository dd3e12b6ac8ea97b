"""Write a synthetic agenda FACTOR times the real one, for the benchmark (tools/bench.py): a
complete content directory, OUT_DIR/content, that the project loads and builds like content/.
At factor 10 it holds about 2,150 questions, 10,900 references and 3,500 progress entries.

It is the real content/ with FACTOR - 1 copies of the agenda added, each made of clones of the
real records under new identifiers, every cross-reference pointing within its own copy:

- Challenges. The schema caps a challenge at 100 questions (the largest has 35) and allows only
  the categories 2, 3 and 4, but up to 99 challenges in each. So each copy adds new challenges,
  not questions to the 18: copy k of challenge 2.2 is 2.(2 + 7(k-1)), with its sub-sections
  renumbered alike, its slug and title marked with the copy (so at most factor 14: 2.99).
- Questions are numbered on from the paper's (copy k of question n is n + 215(k-1)), so numbers
  stay contiguous from 1 to agenda.yml's question_count, as checks.py requires.
- References. A file holds at most 100 entries and is named after a PDF page from 1 to 200,
  one file a page; the real list fills pages 112-182. The clones (id wei2023b -> wei2023b-x2,
  wei2023b-wang -> wei2023b-wangx2, as the id pattern allows) fill the pages left, evenly:
  129 pages of 100 entries hold 11 copies of today's 1,091, so the factor is at most 12.
- Progress. Every copy clones each entry onto its copy's questions, and, so that the whole
  reaches 350 entries per factor (3,500 at 10) while the real list has fewer, clones some again
  onto other questions of the copy, rotated so that no work is recorded twice for one question.
- Reviews and further-reading links are cloned with their challenges.

Factor 1 writes the real agenda unchanged. Clones' titles and question texts end "(copy k)", so
that no two pages are byte-identical.
Usage: .venv/bin/python tools/synthetic_agenda.py OUT_DIR [--factor 10]
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"
MARKER = ".synthetic-agenda"  # marks an output this script may replace (the loader reads record files only)
PROGRESS_PER_FACTOR = 350
MAX_CHALLENGE, PAGES, MAX_REFERENCES_PER_FILE = 99, range(1, 201), 100


def read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def marked(text: str, k: int) -> str:
    return f"{text} (copy {k})"


def section_of(section: str, k: int, per_category: Counter) -> str:
    """Copy k of a challenge's or sub-section's number: 2.2 -> 2.9, 2.2.3 -> 2.9.3 (k = 2)."""
    category, challenge, *rest = section.split(".")
    return ".".join([category, str(int(challenge) + (k - 1) * per_category[category]), *rest])


def reference_id(ref: str, k: int) -> str:
    return f"{ref}x{k}" if "-" in ref else f"{ref}-x{k}"


def clone_challenge(challenge: dict, k: int, per_category: Counter, question_count: int) -> dict:
    new = copy.deepcopy(challenge)
    new.update(section=section_of(challenge["section"], k, per_category), slug=f"{challenge['slug']}-copy-{k}",
               title=marked(challenge["title"], k), cites=[reference_id(r, k) for r in challenge.get("cites", [])])
    for sub in new["subsections"]:
        sub.update(section=section_of(sub["section"], k, per_category), title=marked(sub["title"], k),
                   cites=[reference_id(r, k) for r in sub.get("cites", [])])
    for question in new["questions"]:
        question.update(number=question["number"] + (k - 1) * question_count, text=marked(question["text"], k),
                        subsections=[section_of(s, k, per_category) for s in question["subsections"]],
                        cites=[reference_id(r, k) for r in question.get("cites", [])])
    return new


def clone_reviews(reviews: dict, k: int, per_category: Counter, question_count: int) -> dict:
    new = copy.deepcopy(reviews)
    new["section"] = section_of(reviews["section"], k, per_category)
    for review in new["reviews"]:
        review["question"] += (k - 1) * question_count
    return new


def clone_link(link: dict, k: int, per_category: Counter) -> dict:
    return dict(link, challenge=section_of(link["challenge"], k, per_category),
                subsections=[section_of(s, k, per_category) for s in link.get("subsections", [])])


def write_references(content: Path, factor: int) -> None:
    """The clones of the reference list, copy after copy, spread evenly over the free pages."""
    real = {int(path.stem[1:]): read(path) for path in sorted(content.glob("references/p*.yml"))}
    clones = [dict(copy.deepcopy(ref), id=reference_id(ref["id"], k), title=marked(ref["title"], k))
              for k in range(2, factor + 1) for page in sorted(real) for ref in real[page]["references"]]
    free = [page for page in PAGES if page not in real]
    if not clones:
        return
    per_file = -(-len(clones) // len(free))
    if per_file > MAX_REFERENCES_PER_FILE:
        raise SystemExit(f"{len(clones)} references do not fit on {len(free)} pages of {MAX_REFERENCES_PER_FILE}")
    for page, start in zip(free, range(0, len(clones), per_file)):
        write(content / "references" / f"p{page}.yml", {"page": page, "references": clones[start:start + per_file]})


def work_identity(work: dict) -> str:
    """Which work an entry records, roughly as checks.work_identity reads its address."""
    if work.get("arxiv") or work.get("doi"):
        return work.get("arxiv") or work["doi"].lower()
    url = re.sub(r"^https?://(www\.)?|[?#].*$|/$", "", work["url"])
    arxiv = re.fullmatch(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?", url)
    return arxiv.group(1) if arxiv else re.sub(r"^dx\.doi\.org/|^doi\.org/", "", url).lower()


def progress_plan(entries: list[tuple[str, dict]], count: int, question_count: int) -> list[tuple[str, dict, int, int]]:
    """What one copy's progress is made of: (stem, entry, round, shift) for `count` clones. Round 0
    clones every entry as it is; each later round clones entries again with their question numbers
    rotated by a shift that gives no question a work already recorded for it."""
    taken: dict[str, set[int]] = {}
    for _, entry in entries:
        taken.setdefault(work_identity(entry["work"]), set()).update(q["number"] for q in entry["questions"])
    plan = []
    for index in range(count):
        stem, entry = entries[index % len(entries)]
        round_, shift = index // len(entries), 0
        if round_:
            used = taken[work_identity(entry["work"])]
            shift = next(s for s in range(round_ * question_count // 7, round_ * question_count // 7 + question_count)
                         if not used & set(rotated(entry, s, question_count)))
            used.update(rotated(entry, shift, question_count))
        plan.append((stem, entry, round_, shift))
    return plan


def rotated(entry: dict, shift: int, question_count: int) -> list[int]:
    return [(q["number"] - 1 + shift) % question_count + 1 for q in entry["questions"]]


def write_progress(content: Path, factor: int, question_count: int) -> None:
    """Each copy's clones of the progress entries, so that the whole holds PROGRESS_PER_FACTOR
    entries per factor (or as many as the real list, if it is longer), spread over the copies."""
    entries = [(path.stem, read(path)) for path in sorted(content.glob("progress/*.yml"))]
    if not entries:
        return
    added = max(len(entries), PROGRESS_PER_FACTOR) * factor - len(entries)
    plan = progress_plan(entries, -(-added // (factor - 1)), question_count)
    for k in range(2, factor + 1):
        share = added * (k - 1) // (factor - 1) - added * (k - 2) // (factor - 1)
        for stem, entry, round_, shift in plan[:share]:
            new, numbers = copy.deepcopy(entry), rotated(entry, shift, question_count)
            variant = f"-{round_ + 1}" if round_ else ""
            new["work"]["title"] = marked(entry["work"]["title"], f"{k}{variant}")
            for question, number in zip(new["questions"], numbers):
                question["number"] = number + (k - 1) * question_count
            write(content / "progress" / f"{stem}-copy{k}{variant}.yml", new)


def largest_factor(source: Path) -> int:
    """The largest factor the schema leaves room for: 99 challenges a category, 200 pages of
    100 references (12 today, set by the references)."""
    per_category = Counter(path.stem.split(".")[0] for path in source.glob("challenges/*.yml"))
    pages = list(source.glob("references/p*.yml"))
    references = sum(len(read(path)["references"]) for path in pages)
    room = (len(PAGES) - len(pages)) * MAX_REFERENCES_PER_FILE
    return min(MAX_CHALLENGE // max(per_category.values()), 1 + room // max(references, 1))


def write_agenda(out_dir: Path, factor: int, source: Path = CONTENT) -> Path:
    """OUT_DIR/content: the real records with factor - 1 synthetic copies of the agenda added."""
    content = out_dir / "content"
    if content.resolve() == source.resolve():
        raise SystemExit("refusing to write over the project's own content/")
    if not 1 <= factor <= largest_factor(source):
        raise SystemExit(f"the factor must be 1 to {largest_factor(source)}, for the schema's limits")
    if content.exists():
        if not (content / MARKER).exists():
            raise SystemExit(f"{content} exists and was not written by this script; remove it first")
        shutil.rmtree(content)
    shutil.copytree(source, content)
    (content / MARKER).write_text("written by tools/synthetic_agenda.py\n", encoding="utf-8")
    if factor == 1:
        return content  # the real records, byte for byte
    challenges = [read(path) for path in sorted(source.glob("challenges/*.yml"))]
    per_category = Counter(c["section"].split(".")[0] for c in challenges)
    paper = read(source / "agenda.yml")
    question_count = paper["question_count"]
    for k in range(2, factor + 1):
        for challenge in challenges:
            new = clone_challenge(challenge, k, per_category, question_count)
            write(content / "challenges" / f"{new['section']}.yml", new)
        for path in sorted(source.glob("reviews/*.yml")):
            new = clone_reviews(read(path), k, per_category, question_count)
            write(content / "reviews" / f"{new['section']}.yml", new)
    reading = read(source / "further-reading.yml")
    reading["links"] += [clone_link(link, k, per_category) for k in range(2, factor + 1) for link in reading["links"]]
    write(content / "further-reading.yml", reading)
    write(content / "agenda.yml", dict(paper, question_count=question_count * factor))
    write_references(content, factor)
    write_progress(content, factor, question_count)
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="the folder to write content/ into")
    parser.add_argument("--factor", type=int, default=10, help="how many times the real agenda (default 10)")
    args = parser.parse_args()
    print(f"wrote {write_agenda(args.out_dir, args.factor)}")


if __name__ == "__main__":
    main()
