"""Output of a suite run: Markdown table, JSON document, PNG chart.

JSON schema ("pypy-stm-bench/1")::

    {"schema": "pypy-stm-bench/1", "suite": str, "date": ISO-8601 str,
     "command": [str], "config": {"runs": int, "threads": [int], ...},
     "machine": {...machine.describe()...},
     "notes": [str], "skipped": str or null,
     "benchmarks": [{"name": str, "kind": "time"|"scaling", "baseline": str,
                     "group": str or null,
                     "variants": [{"label": str, "argv": [str], "env": {},
                                   "runs": [{"wall": float, "user": float,
                                             "sys": float, "maxrss_kb": int,
                                             "exit": int, "metrics": {},
                                             "error"?: str, "output": str}],
                                   "failed": bool,
                                   "wall"/"user"/"sys"/"maxrss_kb": summary,
                                   "ratio": null or {"median","min","max",
                                                     "spread","values"},
                                   "efficiency": null or {"median","min","max"},
                                   "metrics": {}, "warnings": [str]}]}]}

where a summary is null or {"median", "min", "max", "spread", "n"}.
"""

import json
import os
import shlex
import subprocess
import sys

SCHEMA = "pypy-stm-bench/1"


class SchemaError(ValueError):
    pass


def _need(cond, what):
    if not cond:
        raise SchemaError("bench JSON: " + what)


def validate(doc):
    """Raise SchemaError unless ``doc`` follows the schema above."""
    _need(isinstance(doc, dict), "top level is not an object")
    _need(doc.get("schema") == SCHEMA, "schema is not %r" % SCHEMA)
    for key, typ in (
        ("suite", str),
        ("date", str),
        ("machine", dict),
        ("config", dict),
        ("benchmarks", list),
        ("notes", list),
    ):
        _need(
            isinstance(doc.get(key), typ), "%r missing or not %s" % (key, typ.__name__)
        )
    for b in doc["benchmarks"]:
        _need(isinstance(b.get("name"), str), "benchmark without name")
        _need(b.get("kind") in ("time", "scaling"), "bad kind in %s" % b["name"])
        _need(isinstance(b.get("variants"), list), "no variants in %s" % b["name"])
        labels = [v.get("label") for v in b["variants"]]
        _need(b.get("baseline") in labels, "baseline of %s not a variant" % b["name"])
        for v in b["variants"]:
            _need(isinstance(v.get("runs"), list), "runs missing")
            for r in v["runs"]:
                for key in ("wall", "user", "sys", "maxrss_kb", "exit"):
                    _need(
                        isinstance(r.get(key), (int, float)),
                        "run of %s/%s lacks %s" % (b["name"], v["label"], key),
                    )
            for key in ("wall", "ratio"):
                s = v.get(key)
                _need(
                    s is None or all(k in s for k in ("median", "min", "max")),
                    "%s of %s/%s incomplete" % (key, b["name"], v["label"]),
                )
    return doc


def _fmt_range(s, scale=1.0, digits=3):
    if not s:
        return "—"
    return "%.*f (%.*f–%.*f)" % (
        digits,
        s["median"] * scale,
        digits,
        s["min"] * scale,
        digits,
        s["max"] * scale,
    )


def markdown(doc):
    """The Markdown report of one suite run."""
    m = doc["machine"]
    lines = ["# bench %s — %s" % (doc["suite"], doc["date"]), ""]
    lines.append(
        "Machine: %s, %s cores, kernel %s; git %s%s."
        % (
            m.get("cpu_model"),
            m.get("cores"),
            m.get("kernel"),
            (m.get("git_revision") or "?")[:10],
            " (dirty)" if m.get("git_dirty") else "",
        )
    )
    cfg = doc["config"]
    lines.append(
        "Runs per variant: %s, interleaved. Reproduce: `%s`."
        % (cfg.get("runs"), shlex.join(doc.get("command", [])))
    )
    lines.append("")
    if doc.get("skipped"):
        lines.append("**Skipped:** %s" % doc["skipped"])
        lines.append("")
    for note in doc["notes"]:
        lines.append("Note: %s" % note)
        lines.append("")
    if doc["benchmarks"]:
        lines.append(
            "| benchmark | variant | wall s median (min–max) | user s | sys s "
            "| peak RSS MB | ratio vs baseline (min–max) | notes |"
        )
        lines.append("|---|---|---|---|---|---|---|---|")
    warnings = []
    for b in doc["benchmarks"]:
        for v in b["variants"]:
            if v["label"] == b["baseline"]:
                ratio = "baseline"
            else:
                ratio = _fmt_range(v.get("ratio"), digits=2)
            notes = []
            if v.get("efficiency"):
                notes.append("efficiency %.2f" % v["efficiency"]["median"])
            for k, val in sorted(v.get("metrics", {}).items()):
                notes.append("%s=%g" % (k, val))
            if v.get("failed"):
                notes.append("**FAILED**")
            elif any("trust" in w for w in v.get("warnings", [])):
                notes.append("noisy")
            rss = v.get("maxrss_kb")
            lines.append(
                "| %s | %s | %s | %s | %s | %s | %s | %s |"
                % (
                    b["name"],
                    v["label"],
                    _fmt_range(v.get("wall")),
                    "%.3f" % v["user"]["median"] if v.get("user") else "—",
                    "%.3f" % v["sys"]["median"] if v.get("sys") else "—",
                    "%.1f" % (rss["median"] / 1024.0) if rss else "—",
                    ratio,
                    ", ".join(notes),
                )
            )
            warnings.extend(v.get("warnings", []))
    if warnings:
        lines.append("")
        lines.append("Warnings:")
        lines.append("")
        for w in warnings:
            lines.append("- " + w)
    lines.append("")
    return "\n".join(lines)


def chart(doc, path):
    """Write a PNG: ratio bars for time suites, efficiency curves for scaling.

    Returns the path, or None when there is nothing to draw or matplotlib is
    missing (the reason is returned in a note by the caller).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return _chart_with_venv(doc, path)
    benches = [
        b for b in doc["benchmarks"] if any(v.get("wall") for v in b["variants"])
    ]
    if not benches:
        return None
    scaling = [b for b in benches if b["kind"] == "scaling"]
    timing = [b for b in benches if b["kind"] == "time" and len(b["variants"]) > 1]
    panels = (1 if scaling else 0) + (1 if timing else 0)
    if panels == 0:
        return None
    fig, axes = plt.subplots(1, panels, figsize=(7 * panels, 4.5), squeeze=False)
    ax_iter = iter(axes[0])
    if timing:
        ax = next(ax_iter)
        labels = []
        for b in timing:
            for v in b["variants"]:
                if v["label"] not in labels:
                    labels.append(v["label"])
        width = 0.8 / max(1, len(labels))
        for k, label in enumerate(labels):
            xs, ys, lo, hi = [], [], [], []
            for i, b in enumerate(timing):
                for v in b["variants"]:
                    if v["label"] != label:
                        continue
                    r = (
                        {"median": 1.0, "min": 1.0, "max": 1.0}
                        if label == b["baseline"]
                        else v.get("ratio")
                    )
                    if not r:
                        continue
                    xs.append(i + k * width)
                    ys.append(r["median"])
                    lo.append(r["median"] - r["min"])
                    hi.append(r["max"] - r["median"])
            ax.bar(xs, ys, width, yerr=[lo, hi], label=label, capsize=2)
        ax.axhline(1.0, color="grey", linewidth=0.8)
        ax.set_xticks([i + width * (len(labels) - 1) / 2 for i in range(len(timing))])
        ax.set_xticklabels([b["name"] for b in timing], rotation=20, ha="right")
        ax.set_ylabel("wall time / baseline (lower is faster)")
        ax.set_title("%s: time ratios vs %s" % (doc["suite"], timing[0]["baseline"]))
        ax.legend(fontsize="small")
    if scaling:
        ax = next(ax_iter)
        top = 1
        for b in scaling:
            pts = sorted(
                (v["param"], v["efficiency"])
                for v in b["variants"]
                if v.get("efficiency") and v.get("param") is not None
            )
            if not pts:
                continue
            xs = [p for p, _ in pts]
            top = max(top, max(xs))
            ys = [e["median"] for _, e in pts]
            err = [
                [e["median"] - e["min"] for _, e in pts],
                [e["max"] - e["median"] for _, e in pts],
            ]
            ax.errorbar(xs, ys, yerr=err, marker="o", capsize=3, label=b["name"])
        ax.axhline(1.0, color="grey", linewidth=0.8, linestyle="--")
        cores = doc["machine"].get("cores")
        if cores:
            ax.axvline(cores, color="red", linewidth=0.8, linestyle=":", label="cores")
        ax.set_xlabel("threads (N copies of the work)")
        ax.set_ylabel("parallel efficiency T(1)/T(N)")
        ax.set_ylim(bottom=0)
        ax.set_title("%s: scaling" % doc["suite"])
        ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


VENV_PYTHON = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    ".venv",
    "bin",
    "python",
)


def _chart_with_venv(doc, path):
    """Draw with the project's .venv (which has matplotlib) when we lack it."""
    venv_dir = os.path.dirname(os.path.dirname(VENV_PYTHON))
    # Compare prefixes, not binaries: the venv's python is a symlink to the
    # very interpreter that may be running us without the venv's packages.
    if not os.path.isfile(VENV_PYTHON) or os.path.realpath(
        sys.prefix
    ) == os.path.realpath(venv_dir):
        return None
    json_path = path + ".tmp.json"
    with open(json_path, "w") as f:
        json.dump(doc, f)
    try:
        proc = subprocess.run(
            [VENV_PYTHON, "-m", "bench.report", json_path, path],
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    finally:
        os.unlink(json_path)
    if proc.returncode == 0 and os.path.isfile(path):
        return path
    return None


def write(doc, results_dir, stem):
    """Write <stem>.md, <stem>.json and <stem>.png; return the paths written."""
    os.makedirs(results_dir, exist_ok=True)
    base = os.path.join(results_dir, stem)
    paths = {}
    with open(base + ".md", "w") as f:
        f.write(markdown(doc))
    paths["md"] = base + ".md"
    with open(base + ".json", "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    paths["json"] = base + ".json"
    png = chart(doc, base + ".png")
    if png:
        paths["png"] = png
    return paths


if __name__ == "__main__":
    # python -m bench.report DOC.json OUT.png: draw the chart of a saved run.
    with open(sys.argv[1]) as f:
        document = validate(json.load(f))
    sys.exit(0 if chart(document, sys.argv[2]) else 1)
