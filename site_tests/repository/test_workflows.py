"""The GitHub workflows: valid, and free of what the workflow linters find. All three linters
are pinned in pyproject's test extras and run offline (no request to GitHub)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
IDS = [p.name for p in WORKFLOWS]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True)


def test_there_are_workflows():
    assert "publish.yml" in IDS


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=IDS)
def test_zizmor_finds_nothing(workflow):
    # The pedantic persona reports code smells too. Exit code 0 is "no findings"; 10 and above
    # are findings by severity, 1 and 2 are errors: all of those fail.
    result = run("zizmor", "--offline", "--persona=pedantic", "--format=json", str(workflow))
    findings = json.loads(result.stdout or "null")
    assert (result.returncode, findings) == (0, []), result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=IDS)
def test_actionlint_finds_nothing(workflow):
    result = run("actionlint", "-no-color", str(workflow))
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=IDS)
def test_each_workflow_follows_the_github_workflow_schema(workflow):
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=IDS)
def test_every_action_is_pinned_by_commit_with_its_tag_named(workflow):
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", workflow.read_text(encoding="utf-8"), re.M)
    for action, comment in uses:
        if action.startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), f"{action}: no '# vX.Y.Z' comment"


def test_the_publish_workflow_takes_its_addresses_from_the_deployment():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    env = next(step["env"] for step in build["steps"] if step.get("run") == "make site")
    assert env == {"AGENDA_SITE_URL": "${{ steps.pages.outputs.base_url }}/",
                   "AGENDA_REPO_URL": "${{ github.server_url }}/${{ github.repository }}"}
    assert workflow["permissions"] == {}
    # Writing: the release, and the run on main that deploys the site with the new edition.
    assert workflow["jobs"]["release"]["permissions"] == {"contents": "write", "actions": "write"}
    assert all("write" not in value for value in build["permissions"].values())
    # No published address is guessed anywhere: it comes from the deployment or is local.
    for path in [ROOT / "mkdocs.yml", *WORKFLOWS]:
        assert "github.io" not in path.read_text(encoding="utf-8").replace("octocat.github.io", ""), path


def test_a_tag_makes_its_edition_and_every_deployment_carries_the_released_ones():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("name") or step.get("uses") for step in steps]
    # The history with its tags (an edition counts its changes from the one before), the
    # released editions brought back, the tag's own edition made, and only then the site.
    assert steps[0]["with"]["fetch-depth"] == 0
    assert names.index("Bring back the released editions") < names.index("Make the edition") \
        < names.index("Build site/ and dist/agenda-offline.zip")
    make = next(step for step in steps if step.get("name") == "Make the edition")
    assert make["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert '.venv/bin/python -m agenda_site edition "$TAG"' in make["run"]
    assert "dist/edition-*.zip" in next(step for step in steps if "upload-artifact" in step.get("uses", ""))["with"]["path"]
    release = "\n".join(step.get("run", "") for step in workflow["jobs"]["release"]["steps"])
    assert "release/dist/edition-*.zip" in release and "gh workflow run publish.yml --ref main" in release
    assert "workflow_dispatch" in workflow[True]  # PyYAML reads the key `on` as True
