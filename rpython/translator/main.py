"""The `rpython` command.

    rpython [--opt=0|1|2|3] [--gc=NAME] [--stm] [--stm-segments=N]
            [--stm-no-elision] [--thread]
            [--output=PATH] [--source] [--lldebug] [--batch] TARGET.py [args]

Imports TARGET.py (by its dotted name when it lives in a package under the
project root, else with its folder appended to sys.path), calls its `target(driver, args)` to get the entry point, runs the
driver and copies the executable to --output (default: `targetfoo.py` ->
`./foo-c`, or the target's `default_output_name(config)` /
`DEFAULT_OUTPUT_NAME`).  Errors in the RPython program are printed with the
file:line and call chain the annotator reports, and exit with status 1; set
RPYTHON_TRACEBACK=1 to also see the toolchain's own traceback.
"""

import argparse
import importlib.util
import os
import shutil
import sys
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

GC_CHOICES = ["framework", "generational", "boehm", "none"]


class UsageError(Exception):
    pass


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="rpython",
        description="Translate an RPython program (TARGET.py) to a native executable.",
    )
    parser.add_argument(
        "--opt", default="2", choices=["0", "1", "2", "3"], help="C optimization level"
    )
    parser.add_argument(
        "--gc",
        default="framework",
        choices=GC_CHOICES,
        help="garbage collector (default: our generational GC)",
    )
    parser.add_argument(
        "--stm",
        action="store_true",
        help="build with software transactional memory (implies the stmgc GC)",
    )
    parser.add_argument(
        "--stm-segments",
        type=int,
        default=2,
        help="number of STM segments (parallel transactions; default 2)",
    )
    parser.add_argument(
        "--stm-no-elision",
        action="store_true",
        help="--stm: keep every read/write barrier (to measure the elision)",
    )
    parser.add_argument("--thread", action="store_true", help="enable threads")
    parser.add_argument("--output", default=None, help="path of the executable")
    parser.add_argument(
        "--source",
        action="store_true",
        help="only write the C sources and print their folder",
    )
    parser.add_argument(
        "--lldebug", action="store_true", help="debug info and low-level assertions"
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        help="never ask questions (no effect; always batch)",
    )
    parser.add_argument("--cc", default="gcc", help="C compiler")
    parser.add_argument("target", help="the target file, e.g. targetfoo.py")
    parser.add_argument(
        "target_args", nargs=argparse.REMAINDER, help="arguments for the target"
    )
    return parser.parse_args(argv)


def _package_module_name(path):
    """Dotted name of a target that lives in a package under the project root
    (every folder between the root and the file has an __init__.py), else None."""
    rel = os.path.relpath(path, ROOT)
    if rel.startswith(os.pardir):
        return None
    parts = os.path.splitext(rel)[0].split(os.sep)
    folder = ROOT
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        if not os.path.isfile(os.path.join(folder, "__init__.py")):
            return None
    return ".".join(parts)


def load_target(path):
    if not os.path.isfile(path):
        raise UsageError("target file not found: %s" % path)
    path = os.path.abspath(path)
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    dotted = _package_module_name(path)
    if dotted is not None:
        # imported as part of its package: its folder is not put on sys.path,
        # where a sibling like astcompiler/ast.py would shadow the stdlib's ast
        module = importlib.import_module(dotted)
    else:
        # a loose target: its folder goes last, so its sibling modules are
        # importable without hiding standard-library modules of the same name
        folder = os.path.dirname(path)
        if folder not in sys.path:
            sys.path.append(folder)
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    if not hasattr(module, "target"):
        raise UsageError("%s does not define target(driver, args)" % path)
    return module


def default_output_name(module, path, config):
    fn = getattr(module, "default_output_name", None)
    if callable(fn):
        return fn(config)
    name = getattr(module, "DEFAULT_OUTPUT_NAME", None)
    if name:
        return name
    base = os.path.splitext(os.path.basename(path))[0]
    if base.startswith("target"):
        base = base[len("target") :]
    return (base or "program") + "-c"


def format_error(exc):
    """The RPython-level message of an exception raised while translating."""
    text = str(exc) or exc.__class__.__name__
    return "%s: %s" % (exc.__class__.__name__, text)


USER_ERROR_NAMES = (
    "AnnotatorError",
    "UnionError",
    "TyperError",
    "TranslationError",
    "CompilationError",
    "FlowingError",
    "CBackendError",
)


def is_user_error(exc):
    """Errors that describe the RPython program (not a toolchain crash)."""
    return any(cls.__name__ in USER_ERROR_NAMES for cls in type(exc).__mro__)


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    from rpython.translator.driver import TranslationDriver, default_config

    try:
        opts = parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    if opts.stm and opts.gc not in ("framework", "generational"):
        sys.stderr.write(
            "rpython: --stm uses stmgc; it cannot be combined with --gc=%s\n" % opts.gc
        )
        return 2
    if opts.stm_segments < 1 or opts.stm_segments > 30:
        sys.stderr.write("rpython: --stm-segments must be between 1 and 30\n")
        return 2
    config = default_config(
        gc=opts.gc,
        stm=opts.stm,
        stm_segments=opts.stm_segments,
        stm_elide=not opts.stm_no_elision,
        thread=opts.thread,
        opt=int(opts.opt),
        lldebug=opts.lldebug,
        output=opts.output,
        source=opts.source,
        batch=opts.batch,
        cc=opts.cc,
    )
    driver = TranslationDriver(config)
    try:
        module = load_target(opts.target)
        result = module.target(driver, opts.target_args)
        if isinstance(result, tuple):
            result = result[0]
        if not callable(result):
            raise UsageError("target() must return the entry point function")
        driver.setup(result)
        driver.run(until="source" if opts.source else "compile")
    except UsageError as e:
        sys.stderr.write("rpython: %s\n" % e)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("rpython: interrupted\n")
        return 130
    except Exception as e:
        if os.environ.get("RPYTHON_TRACEBACK"):
            traceback.print_exc()
        stage = (
            driver.timings and "after %s" % driver.timings[-1][0] or "during annotate"
        )
        sys.stderr.write("\n[rpython] translation failed (%s):\n" % stage)
        sys.stderr.write(format_error(e) + "\n")
        if not is_user_error(e) and not os.environ.get("RPYTHON_TRACEBACK"):
            sys.stderr.write(
                "(this looks like a toolchain bug; RPYTHON_TRACEBACK=1 shows "
                "the toolchain's traceback)\n"
            )
        return 1
    if opts.source:
        driver.summary()
        print(driver.source_dir)
        return 0
    output = opts.output or default_output_name(module, opts.target, config)
    shutil.copy(driver.executable, output)
    driver.summary()
    driver.log("executable: %s" % os.path.abspath(output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
