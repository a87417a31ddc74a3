"""The README's two set-up commands stay true: CI runs the same test command the README shows."""
from .conftest import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command.startswith("python3 -m venv .venv && .venv/bin/pip install") and "pytest" in command
    assert command in readme
    assert readme.index(command) < readme.index("## 用途")


def test_readme_main_command_runs_on_the_shipped_samples():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main = next(line for line in readme.splitlines() if "anquanyue merge samples/" in line)
    folder = main.split("anquanyue merge ")[1].split()[0]
    assert (ROOT / folder).is_dir()
