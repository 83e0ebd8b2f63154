"""Unit tests of the benchmark harness, with fake commands and fake data."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import compare, interps, report, stats, suites
from bench.measure import Benchmark, Variant, measure, parse_metrics, run_interleaved

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable


def run(wall, error=None, metrics=None):
    r = {
        "wall": wall,
        "user": wall / 2,
        "sys": 0.01,
        "maxrss_kb": 1000,
        "exit": 0 if error is None else 1,
        "metrics": metrics or {},
    }
    if error:
        r["error"] = error
    return r


# --- statistics -------------------------------------------------------------------


def test_median_and_spread():
    assert stats.median([3, 1, 2]) == 2
    assert stats.median([4, 1, 3, 2]) == 2.5
    assert stats.spread([1.0, 1.0]) == 0.0
    assert stats.spread([0.9, 1.0, 1.1]) == pytest.approx(0.2)
    with pytest.raises(ValueError):
        stats.median([])


def test_pairwise_ratios_are_run_by_run():
    base = [run(1.0), run(2.0), run(1.0)]
    other = [run(2.0), run(4.0), run(1.5)]
    # drift doubled run 2 for both: pairwise ratios cancel it
    assert stats.pairwise_ratios(other, base) == [2.0, 2.0, 1.5]
    summary = stats.ratio_summary(other, base)
    assert summary["median"] == 2.0
    assert (summary["min"], summary["max"]) == (1.5, 2.0)
    # a failed run drops its pair
    other[1] = run(0.0, error="exit status 1")
    assert stats.pairwise_ratios(other, base) == [2.0, 1.5]


def test_analyse_time_and_scaling():
    bench = Benchmark("b", [Variant("A", ["a"]), Variant("B", ["b"])])
    res = {"A": [run(1.0), run(1.02)], "B": [run(0.5), run(0.51)]}
    out = stats.analyse(bench, res)
    a, b = out["variants"]
    assert a["ratio"] is None and b["ratio"]["median"] == pytest.approx(0.5)
    assert a["wall"]["median"] == pytest.approx(1.01)
    scaling = Benchmark(
        "s",
        [Variant("1T", ["x"]), Variant("2T", ["y"])],
        kind="scaling",
        params={"1T": 1, "2T": 2},
    )
    out = stats.analyse(scaling, {"1T": [run(1.0)] * 3, "2T": [run(2.0)] * 3})
    one, two = out["variants"]
    assert one["efficiency"]["median"] == 1.0
    assert two["efficiency"]["median"] == pytest.approx(0.5)
    assert two["param"] == 2


def test_noise_warning():
    bench = Benchmark("b", [Variant("A", ["a"]), Variant("B", ["b"])])
    tight = {"A": [run(1.0), run(1.01), run(1.0)], "B": [run(2.0), run(2.02), run(2.0)]}
    out = stats.analyse(bench, tight, threshold=0.10)
    assert all(v["warnings"] == [] for v in out["variants"])
    wide = {"A": [run(1.0), run(1.5), run(1.0)], "B": [run(2.0), run(2.0), run(2.1)]}
    out = stats.analyse(bench, wide, threshold=0.10)
    a, b = out["variants"]
    assert any("spread 50%" in w for w in a["warnings"])
    assert any("ratio spread" in w for w in b["warnings"])
    single = stats.analyse(bench, {"A": [run(1.0)], "B": [run(1.0)]})
    assert any("only 1 run" in w for w in single["variants"][0]["warnings"])


def test_metrics_are_parsed_and_kept():
    assert parse_metrics("x\nBENCH-METRIC aborts=12\nBENCH-METRIC t=1.5\n") == {
        "aborts": 12.0,
        "t": 1.5,
    }
    bench = Benchmark("b", [Variant("A", ["a"])])
    out = stats.analyse(
        bench,
        {"A": [run(1.0, metrics={"aborts": 4.0}), run(1.0, metrics={"aborts": 6.0})]},
    )
    assert out["variants"][0]["metrics"] == {"aborts": 5.0}


# --- interleaving ---------------------------------------------------------------


def test_runs_are_interleaved_and_failures_not_repeated():
    calls = []

    def fake_measure(argv, env=None, cwd=None, timeout=None):
        calls.append(argv[0])
        return run(0.1, error="exit status 1" if argv[0] == "C" else None)

    bench = Benchmark("b", [Variant(x, [x]) for x in "ABC"])
    results = run_interleaved(bench, 3, measure_fn=fake_measure)
    assert calls == ["A", "B", "C", "A", "B", "A", "B"]
    assert len(results["A"]) == 3 and len(results["C"]) == 1


def test_same_output_fails_a_variant_that_prints_differently():
    bench = Benchmark(
        "b",
        [
            Variant("ref", [PY, "-c", "print(42)"]),
            Variant("good", [PY, "-c", "print(6 * 7)"]),
            Variant("bad", [PY, "-c", "print(41)"]),
        ],
        same_output=True,
    )
    results = run_interleaved(bench, 2)
    assert [r.get("error") for r in results["good"]] == [None, None]
    assert results["bad"][0]["error"] == "output differs from ref"
    assert len(results["bad"]) == 1


# --- real measurements of fake commands --------------------------------------------


def test_measure_real_process():
    r = measure([PY, "-c", "import sys; print('BENCH-METRIC n=3'); sys.exit(0)"])
    assert r["exit"] == 0 and "error" not in r
    assert r["wall"] > 0 and r["user"] >= 0 and r["metrics"] == {"n": 3.0}
    big = measure(
        [PY, "-c", "x = bytearray(80 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"]
    )
    small = measure(["true"])
    assert big["maxrss_kb"] > 80 * 1024
    # the launcher keeps our own (large) peak RSS out of the child's figure
    assert small["maxrss_kb"] < 20 * 1024
    assert measure([PY, "-c", "raise SystemExit(3)"])["error"] == "exit status 3"
    assert "cannot start" in measure(["/no/such/program"])["error"]
    assert "timed out" in measure(["sleep", "5"], timeout=0.3)["error"]


# --- JSON schema, report, compare ------------------------------------------------------


def make_doc(walls_a, walls_b, suite="single"):
    bench = Benchmark("prog", [Variant("A", ["a"]), Variant("B", ["b"])])
    analysed = stats.analyse(
        bench, {"A": [run(w) for w in walls_a], "B": [run(w) for w in walls_b]}
    )
    return {
        "schema": report.SCHEMA,
        "suite": suite,
        "date": "2026-01-01T00:00:00",
        "command": ["python3", "-m", "bench", "run", suite],
        "config": {"runs": len(walls_a)},
        "machine": {"cores": 2},
        "notes": [],
        "skipped": None,
        "benchmarks": [analysed],
    }


def test_json_schema_accepts_and_rejects():
    doc = make_doc([1.0, 1.1], [2.0, 2.1])
    report.validate(json.loads(json.dumps(doc)))
    for breakage in (
        lambda d: d.pop("machine"),
        lambda d: d.update(schema="other/9"),
        lambda d: d["benchmarks"][0].update(baseline="nope"),
        lambda d: d["benchmarks"][0]["variants"][0]["runs"][0].pop("wall"),
        lambda d: d["benchmarks"][0].update(kind="weird"),
    ):
        bad = json.loads(json.dumps(doc))
        breakage(bad)
        with pytest.raises(report.SchemaError):
            report.validate(bad)


def test_markdown_and_files(tmp_path):
    doc = make_doc([1.0, 1.1], [2.0, 2.2])
    text = report.markdown(doc)
    assert "| prog | B | 2.100 (2.000–2.200)" in text
    assert "2.00 (2.00–2.00)" in text  # pairwise ratio of B vs A
    paths = report.write(doc, str(tmp_path), "x-single")
    assert sorted(paths) == ["json", "md", "png"]
    with open(paths["json"]) as f:
        report.validate(json.load(f))


def test_compare_flags_only_moves_beyond_noise():
    old = make_doc([1.0, 1.02, 1.01], [2.0, 2.02, 2.01])
    same = make_doc([1.01, 1.0, 1.02], [2.01, 2.0, 1.99])
    faster = make_doc([1.0, 1.01, 1.0], [1.0, 1.01, 1.02])
    verdicts = {(r[1], r[2]): r[6] for r in compare.compare(old, same)}
    assert set(verdicts.values()) == {"noise"}
    verdicts = {(r[1], r[2]): r[6] for r in compare.compare(old, faster)}
    assert verdicts[("A", "wall")] == "noise"
    assert verdicts[("B", "wall")] == "FASTER"
    assert verdicts[("B", "ratio")] == "RATIO DOWN"
    wide = make_doc([1.0, 1.0, 1.0], [1.5, 2.5, 2.0])  # overlaps old: noise
    verdicts = {(r[1], r[2]): r[6] for r in compare.compare(old, wide)}
    assert verdicts[("B", "wall")] == "noise"


# --- suites and the command line ---------------------------------------------------------


def test_suites_skip_with_a_clear_message(tmp_path):
    ctx = suites.Context(
        str(tmp_path), [interps.Interp("cpython", [PY])], False, [1, 2]
    )
    for name, words in (
        ("scaling", "not built"),
        ("contention", "not built"),
        ("toolchain", "rpython/bin/rpython"),
        ("stmgc", "bench"),
        ("rlib", "rbigint"),
    ):
        with pytest.raises(suites.SkipSuite, match=words):
            suites.load(name).plan(ctx)


def test_interp_parsing():
    i = interps.parse("nojit=pypy3 --jit off")
    assert (i.name, i.argv, i.ours) == ("nojit", ["pypy3", "--jit", "off"], False)
    assert interps.parse("stm=./pypy-stm").ours
    for bad in ("pypy3", "=pypy3", "x="):
        with pytest.raises(ValueError):
            interps.parse(bad)


def cli(*args):
    proc = subprocess.run(
        [PY, "-m", "bench"] + list(args),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
    )
    return proc.returncode, proc.stdout.decode()


def test_cli_run_with_fake_interpreters(tmp_path):
    # A fake interpreter ignores the program: "python -c CODE prog args".
    fast = "fast=%s -c pass" % PY
    slow = "slow=%s -c 'import time; time.sleep(0.4)'" % PY
    code, out = cli(
        "run",
        "single",
        "--interp",
        fast,
        "--interp",
        slow,
        "--runs",
        "2",
        "--out",
        str(tmp_path),
    )
    assert code == 0, out
    assert "| nbody | slow |" in out
    files = sorted(os.listdir(str(tmp_path)))
    assert [f.split("-", 3)[-1] for f in files] == [
        "single.json",
        "single.md",
        "single.png",
    ]
    with open(os.path.join(str(tmp_path), files[0])) as f:
        doc = report.validate(json.load(f))
    slow_v = doc["benchmarks"][0]["variants"][1]
    # even if a loaded machine makes "fast" take 2 s, slow/fast stays > 1.2
    assert slow_v["ratio"]["median"] > 1.2
    assert doc["machine"]["cores"] == os.cpu_count()
    # compare the run with itself: nothing moves
    code, out = cli(
        "compare",
        os.path.join(str(tmp_path), files[0]),
        os.path.join(str(tmp_path), files[0]),
    )
    assert code == 0 and "0 moved beyond the noise" in out


def test_cli_failing_program_and_bad_input(tmp_path):
    broken = "broken=%s -c 'raise SystemExit(1)'" % PY
    code, out = cli(
        "run", "single", "--interp", broken, "--runs", "1", "--out", str(tmp_path)
    )
    assert code == 1 and "FAILED" in out
    code, out = cli("run", "nosuchsuite")
    assert code == 2 and "unknown suite" in out
    code, out = cli("run", "single", "--interp", "pypy3")
    assert code == 2 and "NAME=CMD" in out
    code, out = cli("run", "single", "--threads", "0,x")
    assert code == 2 and "--threads" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    code, out = cli("compare", str(bad), str(bad))
    assert code == 2 and "schema" in out


# --- properties ---------------------------------------------------------------------


@given(
    base=st.lists(st.floats(0.01, 100.0), min_size=1, max_size=12),
    factor=st.floats(0.1, 10.0),
    drift=st.lists(st.floats(0.5, 2.0), min_size=12, max_size=12),
)
def test_pairwise_ratio_cancels_drift(base, factor, drift):
    """Drift that hits both runs of a round equally leaves every ratio exact."""
    base_runs = [run(b * d) for b, d in zip(base, drift)]
    other_runs = [run(b * factor * d) for b, d in zip(base, drift)]
    summary = stats.ratio_summary(other_runs, base_runs)
    assert summary["median"] == pytest.approx(factor)
    assert summary["spread"] == pytest.approx(0.0, abs=1e-9)


@given(st.lists(st.floats(0.001, 1000.0), min_size=1, max_size=20))
def test_summary_bounds(values):
    s = stats.summarize([run(v) for v in values])
    assert s["min"] <= s["median"] <= s["max"]
    assert s["spread"] >= 0
