"""`python -m agenda_site changes A..B`: what changed in the records between two commits, derived
from the records, exactly those differences and no others."""

from __future__ import annotations

import datetime
import shutil

from agenda_site.changes import Change, compare, records_at
from conftest import CONTENT, agenda_site, git, rewrite_record


def test_the_change_log_lists_exactly_what_changed_between_two_commits(tmp_path):
    repo = tmp_path / "project"
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    first = git(repo, "rev-parse", "HEAD")
    before = records_at(first, repo)

    # Four corrections a maintainer might make: a question's wording, a reference's title, a
    # review's date, and a progress entry withdrawn.
    def reword_question_3(data):
        question = next(q for q in data["questions"] if q["number"] == 3)
        question["text"] = question["text"].rstrip() + " (reworded)"
    rewrite_record(repo / "content" / "challenges" / "2.1.yml", reword_question_3)
    reference_file = next(path for path in sorted((repo / "content" / "references").glob("*.yml"))
                          if "akyurek2022a" in path.read_text(encoding="utf-8"))

    def retitle(data):
        entry = next(e for e in data["references"] if e["id"] == "akyurek2022a")
        entry["title"] += " (corrected)"
    rewrite_record(reference_file, retitle)
    reviewed = before.reviews[1].reviewed - datetime.timedelta(days=1)  # a date the checks accept

    def review_again(data):
        next(r for r in data["reviews"] if r["question"] == 1)["reviewed"] = reviewed
    rewrite_record(repo / "content" / "reviews" / "2.1.yml", review_again)
    withdrawn_id, withdrawn = next(iter(sorted(before.progress.items())))
    (repo / "content" / "progress" / f"{withdrawn_id}.yml").unlink()
    git(repo, "commit", "-qam", "second")
    after = records_at("HEAD", repo)

    expected = {Change(3, "question", "text"),
                Change(None, "reference", f"akyurek2022a (title): {after.reference_of['akyurek2022a'].title}", "akyurek2022a"),
                Change(1, "review", reviewed.isoformat())}
    for number in dict.fromkeys(q.number for q in withdrawn.questions):
        expected.add(Change(number, "progress-withdrawn", withdrawn.work.title))
        was, now = before.standing(number).status, after.standing(number).status
        if was != now:
            expected.add(Change(number, "status", next(c.subject for c in compare(before, after)
                                                       if c.question == number and c.kind == "status")))
    assert set(compare(before, after)) == expected

    # The command, as a maintainer runs it: the same changes as a change log; nothing between a
    # commit and itself; the working tree as the second side.
    result = agenda_site("--root", repo, "changes", f"{first}..HEAD")
    assert result.returncode == 0, result.stderr
    assert "## Questions corrected (1)\n\n- Q3: text" in result.stdout
    assert f"- Q{withdrawn.questions[0].number}: {withdrawn.work.title}" in result.stdout
    assert "No record changed." in agenda_site("--root", repo, "changes", "HEAD..HEAD").stdout
    assert "No record changed." in agenda_site("--root", repo, "changes", "HEAD..").stdout


def test_a_revision_git_does_not_know_is_a_clear_problem(tmp_path):
    result = agenda_site("changes", "no-such-tag..")
    assert result.returncode == 1 and "git knows no revision 'no-such-tag'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "is no range" in agenda_site("changes", "a..b..c").stderr
