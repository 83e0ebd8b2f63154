"""Statistics of repeated runs: medians, ranges, run-by-run ratios, noise.

Ratios are computed pairwise: run i of a variant divided by run i of the
baseline, the two having been measured next to each other (interleaving), so
drift cancels out in each pair; the report gives the median pairwise ratio and
its min–max.
"""

NOISE_THRESHOLD = 0.10  # relative spread above which a figure is not trusted


def median(values):
    vals = sorted(values)
    n = len(vals)
    if n == 0:
        raise ValueError("median of no values")
    mid = n // 2
    if n % 2:
        return vals[mid]
    return (vals[mid - 1] + vals[mid]) / 2.0


def spread(values):
    """(max - min) / median: 0.0 for identical values."""
    m = median(values)
    if m == 0:
        return 0.0
    return (max(values) - min(values)) / m


def summarize(runs, field="wall"):
    """median/min/max/spread of ``field`` over the successful runs."""
    vals = [r[field] for r in runs if not r.get("error")]
    if not vals:
        return None
    return {
        "median": median(vals),
        "min": min(vals),
        "max": max(vals),
        "spread": spread(vals),
        "n": len(vals),
    }


def pairwise_ratios(runs, base_runs, field="wall"):
    """Run-by-run ratios runs[i] / base_runs[i] for pairs where both succeeded."""
    ratios = []
    for r, b in zip(runs, base_runs):
        if r.get("error") or b.get("error") or b[field] <= 0:
            continue
        ratios.append(r[field] / b[field])
    return ratios


def ratio_summary(runs, base_runs, field="wall"):
    ratios = pairwise_ratios(runs, base_runs, field)
    if not ratios:
        return None
    return {
        "median": median(ratios),
        "min": min(ratios),
        "max": max(ratios),
        "spread": spread(ratios),
        "values": ratios,
    }


def noise_warnings(label, summary, ratio=None, threshold=NOISE_THRESHOLD):
    """Human-readable warnings when a figure's spread is too wide to trust."""
    warnings = []
    if summary and summary["n"] < 2:
        warnings.append("%s: only %d run, no spread known" % (label, summary["n"]))
    if summary and summary["spread"] > threshold:
        warnings.append(
            "%s: wall time spread %.0f%% > %.0f%%, do not trust"
            % (label, 100 * summary["spread"], 100 * threshold)
        )
    if ratio and ratio["spread"] > threshold:
        warnings.append(
            "%s: ratio spread %.0f%% > %.0f%%, do not trust"
            % (label, 100 * ratio["spread"], 100 * threshold)
        )
    return warnings


def analyse(bench, results, threshold=NOISE_THRESHOLD):
    """Everything the report needs about one benchmark, as plain data."""
    base_runs = results.get(bench.baseline, [])
    out = []
    for v in bench.variants:
        runs = results.get(v.label, [])
        wall = summarize(runs, "wall")
        entry = {
            "label": v.label,
            "argv": v.argv,
            "env": v.env or {},
            "runs": runs,
            "failed": any(r.get("error") for r in runs),
            "wall": wall,
            "user": summarize(runs, "user"),
            "sys": summarize(runs, "sys"),
            "maxrss_kb": summarize(runs, "maxrss_kb"),
            "ratio": None,
            "efficiency": None,
            "metrics": {},
        }
        if bench.params.get(v.label) is not None:
            entry["param"] = bench.params[v.label]
        names = sorted({k for r in runs for k in r.get("metrics", {})})
        for k in names:
            vals = [r["metrics"][k] for r in runs if k in r.get("metrics", {})]
            entry["metrics"][k] = median(vals)
        if v.label != bench.baseline:
            entry["ratio"] = ratio_summary(runs, base_runs, "wall")
            if bench.kind == "scaling" and entry["ratio"]:
                r = entry["ratio"]
                entry["efficiency"] = {
                    "median": 1.0 / r["median"],
                    "min": 1.0 / r["max"],
                    "max": 1.0 / r["min"],
                }
        elif bench.kind == "scaling" and wall:
            entry["efficiency"] = {"median": 1.0, "min": 1.0, "max": 1.0}
        entry["warnings"] = noise_warnings(
            "%s [%s]" % (bench.name, v.label), wall, entry["ratio"], threshold
        )
        for r in runs:
            if r.get("error"):
                entry["warnings"].append(
                    "%s [%s]: FAILED (%s)" % (bench.name, v.label, r["error"])
                )
                break
        out.append(entry)
    return {
        "name": bench.name,
        "kind": bench.kind,
        "baseline": bench.baseline,
        "group": bench.group,
        "variants": out,
    }
