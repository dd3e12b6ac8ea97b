"""The BibTeX the site publishes compiles, as a researcher compiles it: pdfLaTeX with BibTeX and
natbib's plainnat, and pdfLaTeX with biblatex and biber (Debian's TeX Live, which `make test`
installs). No error, and no warning but those ACCEPTED lists with the reason each is accepted.

Every entry is compiled: references.bib holds all the paper's works and progress.bib all the
later ones, and both toolchains compile both. Every smaller file (a challenge's, a
sub-section's, a question's) is checked to hold entries identical to references.bib's, so
compiling the whole list compiles each of theirs. (Compiling the 300 smaller files one by one
would add minutes to every run and test nothing more.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest


# Warnings a clean bibliography still gets, each with why it is accepted.
ACCEPTED = {
    # biber 2.18 (Debian bookworm) knows no ISBN range with the 979-8 prefix, so it calls valid
    # ones invalid; 9798400701320 (park2023a, as the paper prints it) has a correct check digit.
    r"ISBN '979[0-9]{10}' in entry '[a-z0-9-]+' is invalid": "biber's ISBN ranges predate the 979-8 prefix",
}


def run(command: list[str], folder: Path) -> str:
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, errors="replace")
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    return result.stdout


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, (f"{name} is missing: install Debian's texlive-latex-base, texlive-latex-recommended, "
                   "texlive-bibtex-extra and biber (make test does)")
    return found


PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[utf8]{inputenc}
\usepackage{url}
"""


def latex_problems(log: str) -> list[str]:
    """Errors and warnings in a LaTeX log (undefined references are settled by the last run)."""
    return [line for line in log.splitlines()
            if line.startswith("!") or re.search(r"Warning|Missing character", line)]


def unaccepted(lines: list[str]) -> list[str]:
    return [line for line in lines if not any(re.search(pattern, line) for pattern in ACCEPTED)]


@pytest.fixture(scope="module")
def bib_files(built_site) -> dict[str, Path]:
    return {path.relative_to(built_site).as_posix(): path for path in sorted(built_site.rglob("*.bib"))}


def test_every_bib_file_holds_entries_identical_to_the_reference_list(bib_files):
    def entries(path: Path) -> dict[str, str]:
        text = path.read_text(encoding="utf-8")
        return {m.group(1): m.group(0) for m in re.finditer(r"@\w+\{([^,]+),.*?\n\}\n", text, re.S)}

    whole = entries(bib_files["references.bib"])
    parsed = bibtexparser.loads(bib_files["references.bib"].read_text(encoding="utf-8"))
    assert len(parsed.entries) == len(whole) == len({e["ID"] for e in parsed.entries})
    smaller = [name for name in bib_files if name.startswith("bib/")]
    assert any(re.fullmatch(r"bib/\d\.\d+\.bib", n) for n in smaller)
    assert any(re.fullmatch(r"bib/questions/\d+\.bib", n) for n in smaller)
    for name in smaller:
        found = entries(bib_files[name])
        assert found, name
        assert {key: whole.get(key) for key in found} == found, name


def test_each_field_holds_only_its_own_part_of_the_printed_venue(bib_files):
    entries = bibtexparser.loads(bib_files["references.bib"].read_text(encoding="utf-8")).entries
    # A booktitle is the proceedings' name alone: no pages, volume, editors, place or days.
    crowded = [(e["ID"], e["booktitle"]) for e in entries
               if re.search(r"\bpages\b|\beditors?\b|\bvolume \d|, \d{1,2}\s*(?:--|\\textendash)", e.get("booktitle", ""))]
    # A journal's volume, number and pages are fields of their own, and a preprint is @misc.
    numbered = [(e["ID"], e[field]) for e in entries for field in ("journal", "howpublished")
                if re.search(r"\d+\s*\(\d+\)\s*:", e.get(field, ""))]
    preprints = [e["ID"] for e in entries if re.search(r"arxiv|preprint", e.get("journal", ""), re.I)]
    assert (crowded, numbered, preprints) == ([], [], [])


def compile_document(folder: Path, document: str, bibliography_tool: str) -> tuple[str, str]:
    """cite.tex in folder compiled as a person does: LaTeX, the bibliography tool, LaTeX until settled.
    Gives the tool's output and the last LaTeX run's log (failing on any error)."""
    (folder / "cite.tex").write_text(PREAMBLE + document, encoding="utf-8")
    latex = [tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "cite"]
    run(latex, folder)
    output = run([tool(bibliography_tool), "cite"], folder)
    # Then LaTeX until the labels settle, as latexmk would (at most four runs).
    for _ in range(4):
        run(latex, folder)
        log = (folder / "cite.log").read_text(encoding="utf-8", errors="replace")
        if not re.search(r"Please rerun LaTeX|Rerun to get", log):
            break
    return output, log


def entry_count(path: Path) -> int:
    return path.read_text(encoding="utf-8").count("\n@") + 1


@pytest.mark.parametrize("name", ["references.bib", "progress.bib"])
def test_bibtex_and_plainnat_compile_every_entry(bib_files, tmp_path, name):
    shutil.copy(bib_files[name], tmp_path / "works.bib")
    output, log = compile_document(tmp_path, r"""\usepackage{natbib}
\begin{document}
\nocite{*}
\bibliographystyle{plainnat}
\bibliography{works}
\end{document}
""", "bibtex")
    assert unaccepted([line for line in output.splitlines() if "Warning" in line or "error" in line]) == []
    assert unaccepted(latex_problems(log)) == []
    bbl = (tmp_path / "cite.bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count("\\bibitem") == entry_count(bib_files[name])


def test_biblatex_and_biber_compile_every_entry(bib_files, tmp_path):
    names = ["references.bib", "progress.bib"]
    sections = []
    for number, name in enumerate(names):
        shutil.copy(bib_files[name], tmp_path / f"file{number}.bib")
        sections.append(rf"\begin{{refsection}}[file{number}.bib]\nocite{{*}}\printbibliography\end{{refsection}}")
    output, log = compile_document(tmp_path, "\\usepackage[backend=biber,style=authoryear]{biblatex}\n"
                                   "\\begin{document}\n" + "\n".join(sections) + "\n\\end{document}\n", "biber")
    assert unaccepted([line for line in output.splitlines() if re.search(r"> (?:WARN|ERROR) - ", line)]) == []
    assert unaccepted(latex_problems(log)) == []
    # Every entry of every file reached the bibliography biber wrote.
    bbl = (tmp_path / "cite.bbl").read_text(encoding="utf-8", errors="replace")
    assert len(re.findall(r"\\entry\{", bbl)) == sum(entry_count(bib_files[n]) for n in names)


def test_record_text_reaches_latex_as_text_never_as_commands():
    from agenda_site.bibtex import bibtex_name, bibtex_title, latex

    for hostile in (r"\input{/etc/passwd}", r"\write18{rm -rf /}", r"\catcode`\@=11", "a % b & c # d $ e ^ f _ g ~ h"):
        encoded = latex(hostile)
        assert not re.search(r"\\(?:input|write|catcode)", encoded), encoded
        assert not re.search(r"(?<!\\)[%&#$_]", encoded), encoded
        assert not re.search(r"\\(?:input|write|catcode)", bibtex_title(hostile))
    assert bibtex_name("Emanuele La Malfa") == "La Malfa, Emanuele"
    assert bibtex_name("Bart De Moor") == "De Moor, Bart"
    assert bibtex_name("Rob van der Goot") == "van der Goot, Rob"
    assert bibtex_name("White House", organisation=True) == "{White House}"
    assert bibtex_title("GPT-4 and LLMs (ChatGPT)") == "{GPT-4} and {LLMs} ({ChatGPT})"
