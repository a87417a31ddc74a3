"""Benchmark: every command a clerk runs, side by side with the raw floor and the naive script, interleaved.

    python benchmarks/run.py                                   # N = 100, 1000, 10000, 30000; 3 rounds
    python benchmarks/run.py --sizes 100,1000 --repeat 5
    python benchmarks/run.py --install before=/old/venv/bin/python --install now=.venv/bin/python

Corpora of N filled weihai-2023 forms (60 % .xlsx, 30 % .docx, 10 % .xls, numbers written in every way a unit
writes them) are made once and kept in --workdir. Every round runs every command once, in turn — each install's
validate and merge, the raw floor (`floor.py`), the naive script (`naive.py`) — so that a slow spell of the shared
VM hits all of them alike; each figure is min / median / max of the rounds, the peak RSS the highest of the rounds,
summed over the whole process tree (workers included, sampled every 20 ms from /proc). Each command is its own
process, start-up included, as a clerk runs it. The last install is judged against the goals of the speed issues
(#13, #19); it is also run under the spawn start method (as on Windows). Not part of the test suite: speed is
measured here, never asserted in a timed test.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
STYLES = ["plain", "plain", "chinese", "fullwidth", "unit", "wan"]
SPAWN = {"ANQUANYUE_START_METHOD": "spawn"}
FLOOR = ("floor", "zip + lxml / xlrd, 2 processes", "mixed")
NAIVE = ("naive", "naive script", "mixed")


def _samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "samples" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(args: tuple[int, str, str]) -> None:
    index, fmt, folder = args
    ms = _samples()
    from anquanyue.formdata import FormData
    from anquanyue.schema import load_schema
    from anquanyue.writing import write_form

    rng = random.Random(index)
    values = ms.unit_values(rng, rng.lognormvariate(0, 0.6))
    style = STYLES[index % len(STYLES)]
    if style == "wan":
        values = {c: round(v, -2) if v >= 5000 else v for c, v in values.items()}
    data = FormData(form_schema=load_schema("weihai-2023"), unit=f"第{index}号企业", contact="张三", phone="0631-5200000",
                    date="2023-06-28", values=values, other_activities=ms.unit_records(rng, f"第{index}号企业", rng.randint(0, 2)))
    path = Path(folder) / fmt / f"{index:05d}.{fmt}"
    if fmt == "xls":
        for record in data.other_activities:
            record.description = ""
        ms.write_xls(path, data)
    else:
        write_form(ms.WEIHAI, path, data)
        ms.restyle_file(path, values, style)


def generate(n: int, folder: Path) -> None:
    """N forms in folder/xlsx, folder/docx, folder/xls (6 : 3 : 1), made once: a marker file says it is complete."""
    marker = folder / f".complete-{n}"
    if marker.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    for fmt in ("xlsx", "docx", "xls"):
        (folder / fmt).mkdir(parents=True)
    jobs = []
    for index in range(n):
        slot = index % 10
        fmt = "xlsx" if slot < 6 else ("docx" if slot < 9 else "xls")
        jobs.append((index, fmt, str(folder)))
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write, jobs, chunksize=64))
    marker.touch()


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB of the process tree, exit code); ``env`` is added to this process's environment."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **env} if env else None)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace"))
    return seconds, peak / 1048576, process.returncode


def _count(folder: Path) -> int:
    return sum(1 for _ in folder.iterdir())


def commands_for(name: str, python: str, folder: Path, out: Path, n: int, judged: bool,
                 formats: bool, spawn: bool) -> dict:
    """{(install, run, files): (argv, extra environment, number of forms)} for one install at one size."""
    exe = [python, "-m", "anquanyue"]
    merge = ["-o", str(out), "--quiet", "--date", "2023-06-30"]
    found = {
        (name, "validate", "mixed"): (exe + ["validate", "--json", str(folder)], None, n),
        (name, "merge + report", "mixed"): (exe + ["merge", str(folder)] + merge, None, n),
    }
    if formats and judged:
        for fmt in ("xlsx", "docx"):
            count = _count(folder / fmt)
            found[(name, "validate", f".{fmt}")] = (exe + ["validate", "--json", str(folder / fmt)], None, count)
            found[(name, "merge + report", f".{fmt}")] = (exe + ["merge", str(folder / fmt)] + merge, None, count)
    if judged and spawn:
        found[(name, "merge + report (spawn)", "mixed")] = (exe + ["merge", str(folder)] + merge, SPAWN, n)
    return found


def prepare(python: str) -> None:
    """Byte-compile an install's package, as pip does for a clerk (PYTHONDONTWRITEBYTECODE may have stopped it):
    otherwise every run would compile the package first and the benchmark would measure that. Then fill the
    start-up cache (``speed/disk_cache.py``) where the install has one."""
    folder = subprocess.run([python, "-c", "import anquanyue, os; print(os.path.dirname(anquanyue.__file__))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", folder], check=True)
    # the start-up cache (schemas' YAML, fold table) filled, as on any run but a clerk's very first (an install
    # without one makes the same call for nothing)
    subprocess.run([python, "-c", "from anquanyue.reading.pool import _warm_up; _warm_up()"], check=True)


def run_rounds(commands: dict, repeat: int) -> dict:
    found = {key: [] for key in commands}
    for round_number in range(repeat):
        for key, (argv, env, _count) in commands.items():
            seconds, peak, code = measure(argv, env)
            if code not in (0, 1):
                print(f"  ! {key} exited {code}", file=sys.stderr)
            found[key].append((seconds, peak))
        print(f"  round {round_number + 1}/{repeat} done", flush=True)
    return found


def summary(runs: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    times = [s for s, _ in runs]
    return min(times), statistics.median(times), max(times), max(p for _, p in runs)


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install", action="append", default=[],
                        help="NAME=PYTHON (a venv's python); several are compared, the last is judged. "
                             "Default: this Python, as 'anquanyue'")
    parser.add_argument("--sizes", default="100,1000,10000,30000")
    parser.add_argument("--workdir", default="/tmp/anquanyue-bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-sizes", default="100,1000,10000,30000", help="sizes at which the naive script runs")
    parser.add_argument("--format-sizes", default="10000",
                        help="sizes at which .xlsx and .docx also run apart (for the judged install)")
    parser.add_argument("--spawn-sizes", default="1000,10000", help="sizes at which merge also runs under spawn")
    args = parser.parse_args()
    installs = [tuple(item.split("=", 1)) for item in args.install] or [("anquanyue", sys.executable)]
    repeat = max(args.repeat, 1)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; {repeat} interleaved rounds", flush=True)
    for _name, python in installs:
        prepare(python)
    rows = []  # (n, install, run, files, forms, min, median, max, peak)
    sizes = _sizes(args.sizes)
    for n in sizes:
        folder = Path(args.workdir) / f"n{n}"
        generate(n, folder)
        commands = {}
        for index, (name, python) in enumerate(installs):
            out = Path(args.workdir) / f"total-{name}-{n}.xlsx"
            commands.update(commands_for(name, python, folder, out, n, index == len(installs) - 1,
                                         n in _sizes(args.format_sizes), n in _sizes(args.spawn_sizes)))
        commands[FLOOR] = ([sys.executable, str(HERE / "floor.py"), str(folder)], None, n)
        if n in _sizes(args.naive_sizes):
            commands[NAIVE] = ([sys.executable, str(HERE / "naive.py"), str(folder)], None, n)
        if n == sizes[0]:
            one = sorted((folder / "xlsx").iterdir())[0]
            for name, python in installs:
                commands[(name, "--help", "")] = ([python, "-m", "anquanyue", "--help"], None, 0)
                commands[(name, "validate one form", ".xlsx")] = ([python, "-m", "anquanyue", "validate", str(one)],
                                                                  None, 1)
        print(f"N = {n:,}: {len(commands)} commands × {repeat} rounds", flush=True)
        for key, runs in run_rounds(commands, repeat).items():
            rows.append((n, *key, commands[key][2], *summary(runs)))
    print_table(rows)
    print(f"\ngoals, judged on '{installs[-1][0]}':")
    for line in verdicts(rows, installs[-1][0], installs[0][0] if len(installs) > 1 else None):
        print("  " + line)
    return 0


def print_table(rows: list[tuple]) -> None:
    naive = {n: med for n, who, _r, _f, _c, _lo, med, _hi, _p in rows if who == "naive"}
    floor = {n: med for n, who, _r, _f, _c, _lo, med, _hi, _p in rows if who == "floor"}
    print("\n| N | install | run | forms | s min | s median | s max | forms/s (median) | peak RSS MB | ÷ floor | × naive |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, who, run, fmt, count, lo, med, hi, peak in rows:
        mixed = fmt == "mixed"
        vs_floor = f"{med / floor[n]:.2f}" if mixed and n in floor and who != "floor" else ""
        vs_naive = f"{naive[n] / med:.1f}" if mixed and n in naive and who != "naive" else ""
        rate = f"{count / med:,.0f}" if count > 1 else ""
        print(f"| {n:,} | {who} | {run} {fmt} | {count:,} | {lo:.2f} | {med:.2f} | {hi:.2f} | {rate} | {peak:.0f} "
              f"| {vs_floor} | {vs_naive} |")


def verdicts(rows: list[tuple], judged: str, before: str | None) -> list[str]:
    """One line per goal of issues 13 and 19: met or not, with the figures it was judged on (medians)."""
    at = {(n, who, run, fmt): (count, med, peak) for n, who, run, fmt, count, _lo, med, _hi, peak in rows}
    sizes = sorted({n for n, *_ in rows})
    largest = sizes[-1]
    at10k = 10000 if 10000 in sizes else largest
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(("met      " if ok else "NOT MET  ") + text)

    def seconds(n, run, fmt="mixed", who=judged):
        return at[(n, who, run, fmt)][1]

    if 1000 in sizes:
        rate = 1000 / seconds(1000, "merge + report")
        line(rate >= 1000, f"#19 merge + report of 1,000 mixed, start-up included: {rate:,.0f} forms/s (≥ 1,000)")
        if (1000, *NAIVE) in at:
            ratio = seconds(1000, *NAIVE[1:], who="naive") / seconds(1000, "merge + report")
            line(ratio >= 8, f"#19 merge + report of 1,000 mixed: {ratio:.1f}× the naive script (≥ 8×)")
    if (sizes[0], judged, "validate one form", ".xlsx") in at:
        one = seconds(sizes[0], "validate one form", ".xlsx")
        line(one <= 0.25, f"#19 validate of one form: {one:.2f} s wall (≤ 0.25 s)")
        help_time = seconds(sizes[0], "--help", "")
        line(help_time <= 0.15, f"#19 --help: {help_time:.2f} s (≤ 0.15 s)")
    if (at10k, *FLOOR) in at:
        floor = seconds(at10k, *FLOOR[1:], who="floor")
        for run, goal in (("validate", 2.0), ("merge + report", 2.5)):
            ratio = seconds(at10k, run) / floor
            line(ratio <= goal, f"#19 {run} mixed at {at10k:,}: {ratio:.2f}× the 2-process raw floor's time (≤ {goal}×)")
    peak = max(p for (n, who, _r, _f), (_c, _m, p) in at.items() if n == largest and who == judged)
    line(peak < 300 and largest >= 30000,
         f"#19 peak RSS at {largest:,} forms, all processes summed: {peak:.0f} MB (< 300 MB at 30,000)")
    if 1000 in sizes and largest > 1000:
        for run in ("validate", "merge + report"):
            costs = {n: seconds(n, run) / n * 1000 for n in sizes if n >= 1000}
            worst = max(costs[n] / costs[1000] for n in costs)
            text = ", ".join(f"{costs[n]:.2f} at {n:,}" for n in sorted(costs))
            line(worst <= 1.1 and largest >= 30000,
                 f"#19 linear from 1,000 to 30,000, {run} mixed: ms a form {text} (none above 1,000's + 10 %)")
    for n in sizes:
        if (n, judged, "merge + report (spawn)", "mixed") in at:
            fork, spawn = seconds(n, "merge + report"), seconds(n, "merge + report (spawn)")
            line(spawn <= fork * 1.15, f"#19 spawn at {n:,}: merge {spawn:.2f} s against {fork:.2f} s with fork (≤ +15 %)")
    for fmt, goal in ((".xlsx", 1000), (".docx", 500)):
        for run in ("validate", "merge + report"):
            if (at10k, judged, run, fmt) in at:
                count, med, _ = at[(at10k, judged, run, fmt)]
                line(count / med >= goal, f"#13 {run} {fmt} at {at10k:,}: {count / med:,.0f} forms/s (≥ {goal})")
    if (at10k, *NAIVE) in at:
        for run in ("validate", "merge + report"):
            ratio = seconds(at10k, *NAIVE[1:], who="naive") / seconds(at10k, run)
            line(ratio >= 5, f"#13 {run} mixed at {at10k:,}: {ratio:.1f}× the naive script (≥ 5×)")
    if before:
        for run in ("validate", "merge + report"):
            for n in sizes:
                if (n, before, run, "mixed") in at:
                    b, a = seconds(n, run, who=before), seconds(n, run)
                    out.append(f"         {run} mixed at {n:,}: {judged} {a:.2f} s, {before} {b:.2f} s "
                               f"({(a / b - 1) * 100:+.0f} %)")
    return out


if __name__ == "__main__":
    sys.exit(main())
