"""Side by side: the same commands for several installs of anquanyue, the raw floor and the naive script, interleaved.

    python benchmarks/compare.py --install before=/work/wt/before/.venv/bin/python \\
        --install main=.venv/bin/python --sizes 100,1000,10000 --repeat 3

Every round runs every command once, in turn (each install's commands, then the floor, then the naive script),
so that a slow spell of the shared VM hits all of them alike; each figure is min / median / max of the rounds,
the peak RSS the highest of the rounds, summed over the whole process tree. Corpora are benchmarks/run.py's,
made by the Python running this script and reused from --workdir. The last install is the one judged against
the goals of issues 13 and 19; it is also run under the spawn start method (as on Windows) for the merge.
Not part of the test suite: speed is measured here, never asserted in a timed test.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import generate, measure  # noqa: E402

HERE = Path(__file__).resolve().parent
SPAWN = {"ANQUANYUE_START_METHOD": "spawn"}


def commands_for(name: str, python: str, folder: Path, out: Path, n: int, last: bool) -> dict:
    exe = [python, "-m", "anquanyue"]
    merge = ["-o", str(out), "--quiet", "--date", "2023-06-30"]
    found = {
        (name, "validate", "mixed"): (exe + ["validate", "--json", str(folder)], None, n),
        (name, "validate", ".xlsx"): (exe + ["validate", "--json", str(folder / "xlsx")], None, _count(folder / "xlsx")),
        (name, "validate", ".docx"): (exe + ["validate", "--json", str(folder / "docx")], None, _count(folder / "docx")),
        (name, "merge + report", "mixed"): (exe + ["merge", str(folder)] + merge, None, n),
        (name, "merge + report", ".xlsx"): (exe + ["merge", str(folder / "xlsx")] + merge, None, _count(folder / "xlsx")),
        (name, "merge + report", ".docx"): (exe + ["merge", str(folder / "docx")] + merge, None, _count(folder / "docx")),
    }
    if last and n >= 1000:
        found[(name, "merge + report (spawn)", "mixed")] = (exe + ["merge", str(folder)] + merge, SPAWN, n)
    return found


def _count(folder: Path) -> int:
    return sum(1 for _ in folder.iterdir())


def prepare(python: str) -> None:
    """Byte-compile an install's package, as pip does for a clerk (here PYTHONDONTWRITEBYTECODE may have stopped
    it): otherwise every run would compile ~50 modules first and the comparison would measure that."""
    import subprocess

    folder = subprocess.run([python, "-c", "import anquanyue, os; print(os.path.dirname(anquanyue.__file__))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", folder], check=True)


def run_rounds(commands: dict, repeat: int) -> dict:
    found = {key: [] for key in commands}
    for _ in range(repeat):
        for key, (argv, env, _count) in commands.items():
            seconds, peak, code = measure(argv, env)
            if code not in (0, 1):
                print(f"  ! {key} exited {code}", file=sys.stderr)
            found[key].append((seconds, peak))
    return found


def summary(runs: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    times = [s for s, _ in runs]
    return min(times), statistics.median(times), max(times), max(p for _, p in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install", action="append", required=True, help="NAME=PYTHON (a venv's python)")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--workdir", default="/tmp/anquanyue-bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-sizes", default="100,1000,10000", help="sizes at which the naive script runs")
    args = parser.parse_args()
    installs = [tuple(item.split("=", 1)) for item in args.install]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; {args.repeat} interleaved rounds")
    for _name, python in installs:
        prepare(python)
    rows = []  # (n, install, run, fmt, forms, min, median, max, peak)
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        folder = Path(args.workdir) / f"n{n}"
        generate(n, folder)
        commands = {}
        for index, (name, python) in enumerate(installs):
            out = Path(args.workdir) / f"total-{name}-{n}.xlsx"
            commands.update(commands_for(name, python, folder, out, n, index == len(installs) - 1))
        commands[("floor", "zip + lxml / xlrd, 2 processes", "mixed")] = (
            [sys.executable, str(HERE / "floor.py"), str(folder)], None, n)
        if str(n) in args.naive_sizes.split(","):
            commands[("naive", "naive script", "mixed")] = ([sys.executable, str(HERE / "naive.py"), str(folder)], None, n)
        if n == sizes[0]:
            one = sorted((folder / "xlsx").iterdir())[0]
            for name, python in installs:
                commands[(name, "--help", "")] = ([python, "-m", "anquanyue", "--help"], None, 0)
                commands[(name, "validate one form", ".xlsx")] = ([python, "-m", "anquanyue", "validate", str(one)], None, 1)
        print(f"N = {n}: {len(commands)} commands × {args.repeat} rounds", flush=True)
        for key, runs in run_rounds(commands, args.repeat).items():
            rows.append((n, *key, commands[key][2], *summary(runs)))
    print_table(rows)
    print(f"\ngoals, judged on '{installs[-1][0]}':")
    for line in verdicts(rows, installs[-1][0], installs[0][0] if len(installs) > 1 else None):
        print("  " + line)
    return 0


def print_table(rows: list[tuple]) -> None:
    naive = {n: med for n, who, _r, _f, _c, _lo, med, _hi, _p in rows if who == "naive"}
    floor = {n: med for n, who, _r, _f, _c, _lo, med, _hi, _p in rows if who == "floor"}
    print("\n| N | install | run | files | s min | s median | s max | forms/s (median) | peak RSS MB | ÷ floor | × naive |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, who, run, fmt, count, lo, med, hi, peak in rows:
        mixed = fmt == "mixed"
        vs_floor = f"{med / floor[n]:.2f}" if mixed and n in floor and who != "floor" else ""
        vs_naive = f"{naive[n] / med:.1f}" if mixed and n in naive and who != "naive" else ""
        rate = f"{count / med:,.0f}" if count > 1 else ""
        print(f"| {n:,} | {who} | {run} {fmt} | {count:,} | {lo:.2f} | {med:.2f} | {hi:.2f} | {rate} | {peak:.0f} "
              f"| {vs_floor} | {vs_naive} |")


def verdicts(rows: list[tuple], judged: str, before: str | None) -> list[str]:
    """One line per goal of issues 13 and 19: met or not, with the figures it was judged on."""
    at = {(n, who, run, fmt): (count, med, peak) for n, who, run, fmt, count, _lo, med, _hi, peak in rows}
    sizes = sorted({n for n, *_ in rows})
    largest = sizes[-1]
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(("met      " if ok else "NOT MET  ") + text)

    def rate(n, who, run, fmt):
        count, med, _ = at[(n, who, run, fmt)]
        return count / med

    at10k = 10000 if 10000 in sizes else largest
    for fmt, goal in ((".xlsx", 1000), (".docx", 500)):  # issue 13
        for run in ("validate", "merge + report"):
            line(rate(at10k, judged, run, fmt) >= goal,
                 f"#13 {run} {fmt} at {at10k:,}: {rate(at10k, judged, run, fmt):,.0f} forms/s (≥ {goal})")
    if (at10k, "naive", "naive script", "mixed") in at:
        naive = at[(at10k, "naive", "naive script", "mixed")][1]
        for run in ("validate", "merge + report"):
            ratio = naive / at[(at10k, judged, run, "mixed")][1]
            line(ratio >= 5, f"#13 {run} mixed at {at10k:,}: {ratio:.1f}× the naive script (≥ 5×)")
    peak = max(p for (n, who, _r, _f), (_c, _m, p) in at.items() if n == largest and who == judged)
    line(peak < 300, f"#13/#19 peak RSS at {largest:,} forms: {peak:.0f} MB (< 300 MB; #19 asks it at 30,000)")
    if 1000 in sizes and largest > 1000:
        for run in ("validate", "merge + report"):
            small = at[(1000, judged, run, "mixed")][1] / 1000 * 1000
            big = at[(largest, judged, run, "mixed")][1] / largest * 1000
            line(big <= small * 1.1, f"#13/#19 linear, {run} mixed: {big:.2f} ms a form at {largest:,}, "
                                     f"{small:.2f} at 1,000 (no more a form as N grows)")
    if 1000 in sizes:
        r = rate(1000, judged, "merge + report", "mixed")
        line(r >= 1000, f"#19 merge + report of 1,000 mixed: {r:,.0f} forms/s (≥ 1,000)")
        if (1000, "naive", "naive script", "mixed") in at:
            ratio = at[(1000, "naive", "naive script", "mixed")][1] / at[(1000, judged, "merge + report", "mixed")][1]
            line(ratio >= 8, f"#19 merge + report of 1,000 mixed: {ratio:.1f}× the naive script (≥ 8×)")
    one = [v for (n, who, run, _f), v in at.items() if who == judged and run == "validate one form"]
    if one:
        line(one[0][1] <= 0.25, f"#19 validate of one form: {one[0][1]:.2f} s (≤ 0.25 s)")
    helps = [v for (n, who, run, _f), v in at.items() if who == judged and run == "--help"]
    if helps:
        line(helps[0][1] <= 0.15, f"#19 --help: {helps[0][1]:.2f} s (≤ 0.15 s)")
    if (at10k, "floor", "zip + lxml / xlrd, 2 processes", "mixed") in at:
        floor = at[(at10k, "floor", "zip + lxml / xlrd, 2 processes", "mixed")][1]
        for run, goal in (("validate", 2.0), ("merge + report", 2.5)):
            ratio = at[(at10k, judged, run, "mixed")][1] / floor
            line(ratio <= goal, f"#19 {run} mixed at {at10k:,}: {ratio:.2f}× the raw floor's time (≤ {goal}×)")
    for n in sizes:
        if (n, judged, "merge + report (spawn)", "mixed") in at:
            fork, spawn = at[(n, judged, "merge + report", "mixed")][1], at[(n, judged, "merge + report (spawn)", "mixed")][1]
            line(spawn <= fork * 1.15, f"#19 spawn at {n:,}: merge {spawn:.2f} s against {fork:.2f} s with fork (≤ +15 %)")
    if before:
        for run in ("validate", "merge + report"):
            for fmt in ("mixed", ".xlsx", ".docx"):
                b, a = at[(at10k, before, run, fmt)][1], at[(at10k, judged, run, fmt)][1]
                out.append(f"         {run} {fmt} at {at10k:,}: {judged} {a:.2f} s, {before} {b:.2f} s "
                           f"({(a / b - 1) * 100:+.0f} %)")
    return out


if __name__ == "__main__":
    sys.exit(main())
