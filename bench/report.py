"""bench/results.md: the machine, the versions, one table row per measurement, then the notes."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess
import time

from bench.common import MISS, SKIP

PACKAGES = (
    "torch",
    "sentence-transformers",
    "transformers",
    "umap-learn",
    "numba",
    "pynndescent",
    "openTSNE",
    "scikit-learn",
    "numpy",
    "streamlit",
    "plotly",
    "playwright",
    "psutil",
)


def environment() -> dict:
    """The facts that make the figures comparable: cores, memory, versions."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        chromium = "not found"
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpu_count": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "chromium": chromium,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _why(row: dict) -> str:
    why = row.get("why") or ""
    others = float(row.get("others", "0%").rstrip("%") or 0)
    if others >= 15:  # of 2 cores: a test suite or a build ran at the same time
        why += (
            f" Other processes used {others:.0f}% of the CPUs while this bench ran, so this "
            "figure reads high; rerun it on a quiet machine."
        )
    return why.strip()


def render(env: dict, rows: list[dict], runs: dict[str, dict]) -> str:
    """The whole Markdown file. ``runs`` says when each bench ran and how long it took."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); rerun a part with "
        "`.venv/bin/python bench/run.py --out bench/results.md --only NAME[,NAME]`.",
        "",
        f"- Machine: **{env['cpu_count']} cores** (`os.cpu_count()`), {env['memory_gib']} GiB RAM, "
        f"{env['platform']}, Python {env['python']}",
        f"- Date: {env['date']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()),
        f"- Browser: {env['chromium']} (headless, software WebGL)",
        "- Benches: "
        + "; ".join(
            f"`{name}` at {r['at']} ({r['seconds']:.0f} s, others' CPU {r.get('others', 0):.0%})"
            for name, r in runs.items()
        ),
        "",
        "*Others' CPU* is the share of the machine's CPUs that processes other than the bench and "
        "its children used while that bench ran (counted from their CPU times): above ~15% the "
        "figures read high.",
        "",
        "| # | what | measured | target | result | others' CPU |",
        "|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(rows, 1):
        mark = {"pass": "✅ pass", "miss": "❌ miss", "info": "ℹ️ reported"}.get(
            row["status"], "⏸ not measured"
        )
        lines.append(
            f"| {i} | {_cell(row['what'])} | {_cell(row['measured'])} | {_cell(row['target'])} "
            f"| {mark} | {row.get('others', '')} |"
        )
    lines += ["", "## Notes", ""]
    for i, row in enumerate(rows, 1):
        lines.append(f"{i}. **{_cell(row['what'])}** — {row['note']}")
    misses = [(i, r) for i, r in enumerate(rows, 1) if r["status"] == MISS]
    lines += ["", "## Misses", ""]
    if not misses:
        lines.append("None.")
    for i, row in misses:
        lines.append(
            f"- **#{i} {row['what']}**: {row['measured']} against {row['target']}. "
            f"{_why(row)}".rstrip()
        )
    skipped = [(i, r) for i, r in enumerate(rows, 1) if r["status"] == SKIP]
    if skipped:
        lines += ["", "## Not measured", ""]
        lines += [f"- **#{i} {r['what']}**: {r['note']}" for i, r in skipped]
    return "\n".join(lines) + "\n"
