"""Benchmark: generate N filled forms, time ``validate`` and ``merge`` end to end against the naive baseline.

    python benchmarks/run.py                      # N = 100, 1000, 10000
    python benchmarks/run.py --sizes 100,1000 --workdir /tmp/anquanyue-bench
    python benchmarks/run.py --repeat 3            # each of our commands three times, the median kept

Each command runs as its own process, as a clerk runs it; wall time and the peak RSS of its whole process tree
(workers included, sampled every 20 ms from /proc) are printed. Corpora are kept in --workdir and reused.
Not part of the test suite: speed is measured here, never asserted in a timed test.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIX = [("xlsx", 6), ("docx", 3), ("xls", 1)]  # out of 10
STYLES = ["plain", "plain", "chinese", "fullwidth", "unit", "wan"]


def _samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "samples" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(args: tuple[int, str, str]) -> None:
    index, fmt, folder = args
    ms = _samples()
    from anquanyue.formdata import FormData
    from anquanyue.writing import write_form

    rng = random.Random(index)
    values = ms.unit_values(rng, rng.lognormvariate(0, 0.6))
    style = STYLES[index % len(STYLES)]
    if style == "wan":
        values = {c: round(v, -2) if v >= 5000 else v for c, v in values.items()}
    data = FormData(schema_id="weihai-2023", unit=f"第{index}号企业", contact="张三", phone="0631-5200000",
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
    marker = folder / f".complete-{n}"
    if marker.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    jobs = []
    for fmt, _ in MIX:
        (folder / fmt).mkdir(parents=True)
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


def median_run(found: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """The run of median time; the highest memory peak of all runs."""
    ordered = sorted(found)
    seconds, _peak, code = ordered[len(ordered) // 2]
    return seconds, max(peak for _s, peak, _c in found), code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--workdir", default="/tmp/anquanyue-bench")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each of our commands this many times and keep the median (a shared VM varies)")
    args = parser.parse_args()
    exe = [sys.executable, "-m", "anquanyue"]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        folder = Path(args.workdir) / f"n{n}"
        generate(n, folder)
        out = Path(args.workdir) / f"total-{n}.xlsx"
        commands = {
            "validate (mixed)": ["validate", "--json", str(folder)],
            "validate .xlsx only": ["validate", "--json", str(folder / "xlsx")],
            "validate .docx only": ["validate", "--json", str(folder / "docx")],
            "merge + report (mixed)": ["merge", str(folder), "-o", str(out), "--quiet", "--date", "2023-06-30"],
            "merge + report .xlsx only": ["merge", str(folder / "xlsx"), "-o", str(out), "--quiet",
                                          "--date", "2023-06-30"],
            "merge + report .docx only": ["merge", str(folder / "docx"), "-o", str(out), "--quiet",
                                          "--date", "2023-06-30"],
        }
        runs = {name: [] for name in commands}
        for _ in range(max(args.repeat, 1)):  # interleaved, so that a slow spell of the VM hits every command
            for name, command in commands.items():
                runs[name].append(measure(exe + command))
        timings = {name: median_run(found) for name, found in runs.items()}
        counts = {"validate (mixed)": n, "merge + report (mixed)": n,
                  "validate .xlsx only": len(list((folder / "xlsx").iterdir())),
                  "validate .docx only": len(list((folder / "docx").iterdir()))}
        counts["merge + report .xlsx only"] = counts["validate .xlsx only"]
        counts["merge + report .docx only"] = counts["validate .docx only"]
        baseline = None if args.no_baseline else measure([sys.executable, str(ROOT / "benchmarks" / "naive.py"), str(folder)])
        for name, (seconds, peak, _code) in timings.items():
            ratio = f"{baseline[0] / seconds * counts[name] / n:.1f}×" if baseline and "mixed" in name else ""
            rows.append((n, name, counts[name], seconds, counts[name] / seconds, peak, ratio))
        if baseline:
            rows.append((n, "naive baseline (mixed)", n, baseline[0], n / baseline[0], baseline[1], "1.0×"))
    print("\n| N | run | forms | seconds | forms/s | peak RSS MB | speed vs baseline |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, name, count, seconds, rate, peak, ratio in rows:
        print(f"| {n} | {name} | {count} | {seconds:.2f} | {rate:.0f} | {peak:.0f} | {ratio} |")
    print("\ngoals (2 cores), judged at the largest N:")
    for line in verdicts(rows):
        print("  " + line)
    return 0


def verdicts(rows: list[tuple]) -> list[str]:
    """One line per goal of the speed issue: met or not, with the figures it was judged on."""
    largest = max(n for n, *_ in rows)
    at = {(n, name): (rate, peak, seconds / count) for n, name, count, seconds, rate, peak, _ in rows}
    top = {name: value for (n, name), value in at.items() if n == largest}
    out = []

    def line(ok: bool, text: str) -> None:
        out.append(("met      " if ok else "NOT MET  ") + text)

    for fmt, goal in ((".xlsx", 1000), (".docx", 500)):
        for run in ("validate", "merge + report"):
            name = f"{run} {fmt} only"
            if name in top:
                line(top[name][0] >= goal, f"{name}: {top[name][0]:.0f} forms/s (goal ≥ {goal})")
    baseline = top.get("naive baseline (mixed)")
    if baseline:
        for name in ("validate (mixed)", "merge + report (mixed)"):
            ratio = top[name][0] / baseline[0]
            line(ratio >= 5, f"{name}: {ratio:.1f}× the naive baseline (goal ≥ 5×)")
    if largest >= 10000:
        peak = max(value[1] for name, value in top.items() if name != "naive baseline (mixed)")
        line(peak < 300, f"peak RSS at {largest:,} forms: {peak:.0f} MB (goal < 300 MB)")
    smaller = sorted({n for n, *_ in rows if 1000 <= n < largest})
    if smaller:
        n = smaller[-1]
        for name in ("validate (mixed)", "merge + report (mixed)"):
            cost, before = top[name][2] * 1000, at[(n, name)][2] * 1000
            line(cost <= before * 1.1, f"{name}: {cost:.2f} ms a form at {largest:,}, {before:.2f} at {n:,} "
                                       "(linear: no more a form as N grows)")
    return out


if __name__ == "__main__":
    sys.exit(main())
