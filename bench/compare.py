"""``python3 -m bench compare OLD.json NEW.json``: which figures moved.

A figure (the wall time of a variant, or its ratio to the baseline) counts as
moved when both hold:

- the min–max ranges of OLD and NEW do not overlap (the change is larger
  than the run-to-run noise seen in either measurement), and
- the medians differ by more than the threshold (default 5 %).

Everything else is reported as within noise.  Variants present in only one
file are listed too.
"""

import json

from bench.report import validate

DEFAULT_THRESHOLD = 0.05


def load(path):
    with open(path) as f:
        return validate(json.load(f))


def _index(doc):
    out = {}
    for b in doc["benchmarks"]:
        for v in b["variants"]:
            out[(b["name"], v["label"])] = v
    return out


def judge(old, new, threshold=DEFAULT_THRESHOLD):
    """'faster'/'slower' (or 'higher'/'lower' for ratios), or 'noise'."""
    if not old or not new or old["median"] <= 0:
        return None, None
    change = new["median"] / old["median"]
    overlap = new["min"] <= old["max"] and old["min"] <= new["max"]
    if overlap or abs(change - 1.0) <= threshold:
        return change, "noise"
    return change, "moved"


def compare(old_doc, new_doc, threshold=DEFAULT_THRESHOLD):
    """List of rows: (benchmark, variant, figure, old, new, change, verdict)."""
    old_i, new_i = _index(old_doc), _index(new_doc)
    rows = []
    for key in sorted(set(old_i) | set(new_i)):
        name, label = key
        if key not in old_i:
            rows.append((name, label, "wall", None, None, None, "only in NEW"))
            continue
        if key not in new_i:
            rows.append((name, label, "wall", None, None, None, "only in OLD"))
            continue
        for figure in ("wall", "ratio"):
            o, n = old_i[key].get(figure), new_i[key].get(figure)
            change, verdict = judge(o, n, threshold)
            if verdict is None:
                continue
            if verdict == "moved":
                if figure == "wall":
                    verdict = "SLOWER" if change > 1 else "FASTER"
                else:
                    verdict = "RATIO UP" if change > 1 else "RATIO DOWN"
            rows.append(
                (name, label, figure, o["median"], n["median"], change, verdict)
            )
    return rows


def format_rows(rows):
    lines = [
        "| benchmark | variant | figure | old | new | new/old | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, label, figure, o, n, change, verdict in rows:
        if change is None:
            lines.append(
                "| %s | %s | %s | — | — | — | %s |" % (name, label, figure, verdict)
            )
        else:
            lines.append(
                "| %s | %s | %s | %.3f | %.3f | %.3f | %s |"
                % (name, label, figure, o, n, change, verdict)
            )
    moved = [r for r in rows if r[6] not in ("noise",)]
    lines.append("")
    lines.append(
        "%d figures compared, %d moved beyond the noise."
        % (len(rows), len([r for r in moved if r[5] is not None]))
    )
    return "\n".join(lines)
