"""Compile-and-run helpers for tests.

`translate_entry(entry_point)` translates an `entry_point(argv) -> int` to an
executable and returns its path.  Executables are cached under
`<repo>/cache/ctest/` keyed by a hash of the toolchain sources, the entry
point's module source and the options, so re-running an unchanged suite
does not call gcc again.

`run_translated(entry_point, args)` and `run_untranslated(entry_point, args)`
return (exit status, stdout); `check_same(entry_point, args)` asserts both
agree and returns the output.  `compile_function(func, argtypes)` wraps a
function of ints/floats/strs in an entry point that reads its arguments from
argv and prints the repr-like result, returning a Python callable that runs
the executable.
"""

import hashlib
import inspect
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(
    os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
)
CACHE_DIR = os.path.join(ROOT, "cache", "ctest")

_toolchain_hash = None

TRANSLATION_MODES = [
    mode
    for mode in os.environ.get("RPY_TEST_MODES", "plain,stm").split(",")
    if mode in ("plain", "stm", "stm4")
]
_current_mode = ["plain"]


def _translation_mode_fixture():
    import pytest

    @pytest.fixture(scope="module", params=TRANSLATION_MODES)
    def translation_mode(request):
        _current_mode[0] = request.param
        yield request.param
        _current_mode[0] = "plain"

    return translation_mode


translation_mode = _translation_mode_fixture()


def current_mode():
    """ "plain" or "stm" (--stm at 2 or 4 segments: "stm4" is reported as
    "stm")."""
    return "stm" if _current_mode[0] == "stm4" else _current_mode[0]


def toolchain_hash():
    """Hash of every non-test source file of rpython/ (computed once)."""
    global _toolchain_hash
    if _toolchain_hash is None:
        h = hashlib.sha256()
        base = os.path.join(ROOT, "rpython")
        for dirpath, dirnames, filenames in sorted(os.walk(base)):
            dirnames[:] = sorted(
                d for d in dirnames if d not in ("test", "__pycache__")
            )
            for name in sorted(filenames):
                if name.endswith((".py", ".c", ".h")):
                    path = os.path.join(dirpath, name)
                    h.update(path.encode())
                    with open(path, "rb") as f:
                        h.update(f.read())
        _toolchain_hash = h.hexdigest()
    return _toolchain_hash


def _entry_key(entry_point, options):
    h = hashlib.sha256(toolchain_hash().encode())
    module = sys.modules.get(entry_point.__module__)
    try:
        source = inspect.getsource(module) if module is not None else ""
    except (OSError, TypeError):
        source = inspect.getsource(entry_point)
    h.update(source.encode())
    h.update(entry_point.__qualname__.encode())
    h.update(repr(sorted(options.items())).encode())
    extra = getattr(entry_point, "_cache_key_", "")
    h.update(str(extra).encode())
    return h.hexdigest()[:24]


def translate_entry(
    entry_point, gc="framework", opt=1, cache=True, wrap=True, **options
):
    """Translate entry_point(argv) -> int (or, with wrap=False, a function
    of no arguments returning an int); return the executable's path."""
    from rpython.translator.driver import TranslationDriver, default_config

    mode = _current_mode[0]
    if mode in ("stm", "stm4") and gc == "framework" and "stm" not in options:
        options = dict(options, stm=True)
        if mode == "stm4":
            options["stm_segments"] = 4
    opts = dict(options, gc=gc, opt=opt, wrap=wrap)
    key = _entry_key(entry_point, opts)
    exe = os.path.join(CACHE_DIR, "%s-%s" % (entry_point.__name__, key))
    if cache and os.path.exists(exe):
        return exe
    os.makedirs(CACHE_DIR, exist_ok=True)
    del opts["wrap"]
    config = default_config(**opts)
    out = open(os.devnull, "w")
    try:
        driver = TranslationDriver(config, out=out)
        driver.setup(entry_point, wrap=wrap)
        driver.source_dir = tempfile.mkdtemp(prefix="usession-ctest-")
        driver.run()
    finally:
        out.close()
    tmp = exe + ".tmp%d" % os.getpid()
    os.replace(driver.executable, tmp)
    os.replace(tmp, exe)
    return exe


def run_noargs(func, gc="framework", opt=1, timeout=120):
    """Translate func() -> int (no argv, no strings needed) and run it;
    return (exit status, expected status from running func untranslated)."""
    exe = translate_entry(func, gc=gc, opt=opt, wrap=False)
    proc = subprocess.run([exe], capture_output=True, timeout=timeout)
    return proc.returncode, func() & 0xFF


def run_translated(entry_point, args=(), gc="framework", opt=1, timeout=120, **options):
    exe = translate_entry(entry_point, gc=gc, opt=opt, **options)
    proc = subprocess.run(
        [exe] + [str(a) for a in args], capture_output=True, timeout=timeout
    )
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def run_untranslated(entry_point, args=()):
    """Run entry_point in this process, capturing what it writes to fd 1."""
    import io

    sys.stdout.flush()
    saved = os.dup(1)
    saved_stdout = sys.stdout
    with tempfile.TemporaryFile() as f:
        os.dup2(f.fileno(), 1)
        # print() and os.write(1, ...) must land in the same place, in order
        sys.stdout = io.TextIOWrapper(
            io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True
        )
        try:
            status = entry_point(["program"] + [str(a) for a in args])
            sys.stdout.flush()
        finally:
            sys.stdout = saved_stdout
            os.dup2(saved, 1)
            os.close(saved)
        f.seek(0)
        out = f.read().decode("utf-8", "replace")
    return status & 0xFF, out


def check_same(entry_point, args=(), **options):
    expected = run_untranslated(entry_point, args)
    got = run_translated(entry_point, args, **options)
    assert got == expected, "translated %r != untranslated %r" % (got, expected)
    return got[1]


def compile_function(func, argtypes, **options):
    """Translate `func` (taking ints, floats or strs); return a callable that
    runs the executable and returns the printed result as a string."""
    from rpython.rlib.unroll import unrolling_iterable

    kinds = unrolling_iterable(list(enumerate(argtypes)))
    nargs = len(argtypes)

    def entry_point(argv):
        if len(argv) != nargs + 1:
            print("wrong number of arguments")
            return 2
        args = ()
        for i, T in kinds:
            if T is int:
                args += (int(argv[i + 1]),)
            elif T is float:
                args += (float(argv[i + 1]),)
            else:
                args += (argv[i + 1],)
        result = func(*args)
        print(str(result))
        return 0

    entry_point.__name__ = "entry_" + func.__name__
    entry_point.__module__ = func.__module__  # hash the tested module's source
    entry_point._cache_key_ = "%s.%s%r" % (func.__module__, func.__qualname__, argtypes)
    exe = translate_entry(entry_point, **options)

    def run(*args):
        proc = subprocess.run(
            [exe] + [str(a) for a in args], capture_output=True, timeout=120
        )
        if proc.returncode != 0:
            raise RuntimeError("exit %d: %s" % (proc.returncode, proc.stderr.decode()))
        return proc.stdout.decode().rstrip("\n")

    run.executable = exe
    return run


def _probe_entry(argv):
    print("probe")
    return 0


_probe_result = []


def toolchain_problem():
    """'' if a trivial program translates and runs, else the reason (the
    front and middle stages may still be in progress)."""
    if not _probe_result:
        from rpython.translator.c.database import CBackendError
        from rpython.translator.tool.cbuild import CompilationError

        try:
            check_same(_probe_entry, [])
            _probe_result.append("")
        except (CBackendError, CompilationError):
            raise  # the C backend's own failures are never skipped
        except Exception as e:  # any stage missing or failing
            _probe_result.append("%s: %s" % (e.__class__.__name__, str(e)[:300]))
    return _probe_result[0]


def require_toolchain():
    import pytest

    reason = toolchain_problem()
    if reason:
        pytest.skip("toolchain cannot translate a trivial program yet: " + reason)
