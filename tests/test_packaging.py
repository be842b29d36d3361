"""Project set-up: dependency lists agree, CI runs the README command, make lists targets."""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> str:
    return re.sub(r"^[A-Za-z0-9_.\-]+(\[[^\]]*\])?", "", req.strip()).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {}
    for req in project["dependencies"] + project["optional-dependencies"]["test"]:
        wanted[_name(req)] = _spec(req)
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for req in dep["pip"]:
                if not req.startswith("-e"):
                    have[_name(req)] = _spec(req)
        elif not dep.startswith(("python", "pip")):
            have[_name(dep)] = _spec(dep)
    have.pop("distributed", None)  # conda splits dask[distributed] in two
    wanted["dask"] = wanted.pop("dask")
    assert have == wanted


def _readme_commands() -> list[str]:
    """The ```sh blocks between the README's setup-commands markers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- setup-commands -->")[1]
    return re.findall(r"```sh\n(.*?)\n```", block, flags=re.S)


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one():
    commands = _readme_commands()
    assert len(commands) == 2
    assert "python -m analysis run" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci.splitlines()


def test_make_lists_targets():
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    out = subprocess.run(["make", "-s"], cwd=ROOT, capture_output=True, text=True).stdout
    for target in ("run", "test", "eval", "bench", "notebooks", "report"):
        assert f"make {target}" in out
