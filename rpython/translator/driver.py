"""The translation driver: runs the stages in order with progress output.

    annotate -> rtype -> backendopt -> transforms -> source -> compile

Each stage prints what it does, a count and the elapsed time; `summary()`
prints the time per stage at the end.  The program's entry point
`entry_point(argv: list[str]) -> int` is wrapped by `entry_point_wrapper`,
an RPython function taking C's (argc, argv) that builds the list of strings,
so the C `main()` needs nothing from the rtyper's representations.
"""

import os
import sys
import time

from rpython.translator.translator import TranslationConfig, TranslationContext

STAGES = ["annotate", "rtype", "backendopt", "transforms", "source", "compile"]


class TranslationError(Exception):
    """A user-level translation error (printed without a toolchain traceback)."""


def default_config(**kwds):
    config = TranslationConfig()
    defaults = dict(
        gc="framework",
        stm=False,
        stm_segments=2,
        stm_elide=True,  # False: every barrier stays (to measure the elision)
        thread=False,
        opt=2,
        lldebug=False,
        output=None,
        source=False,
        batch=False,
        verbose=False,
        cc="gcc",
        jobs=2,
    )
    defaults.update(kwds)
    config.__dict__.update(defaults)
    return config


def make_entry_wrapper(entry_point):
    """An RPython function (argc, argv) -> int calling entry_point(list)."""
    from rpython.rtyper.lltypesystem import rffi

    def entry_point_wrapper(argc, argv):
        args = []
        i = 0
        while i < argc:
            args.append(rffi.charp2str(argv[i]))
            i += 1
        return entry_point(args)

    entry_point_wrapper.__name__ = "entry_point_wrapper"
    return entry_point_wrapper


class TranslationDriver(object):
    def __init__(self, config=None, out=None):
        self.config = config if config is not None else default_config()
        self.out = out if out is not None else sys.stdout
        self.translator = None
        self.entry_point = None
        self.entry_graph = None
        self.timings = []
        self.c_entryp = None
        self.builder = None
        self.source_dir = None
        self.executable = None

    # -- output ------------------------------------------------------------

    def log(self, msg):
        self.out.write("[rpython] %s\n" % msg)
        self.out.flush()

    def _run_stage(self, name, func):
        self.log("%s ..." % name)
        t0 = time.time()
        detail = func()
        elapsed = time.time() - t0
        self.timings.append((name, elapsed))
        self.log("%s done: %s (%.2fs)" % (name, detail or "ok", elapsed))

    def summary(self):
        total = sum(t for n, t in self.timings)
        lines = ["stage times:"]
        for name, t in self.timings:
            lines.append("  %-11s %7.2fs" % (name, t))
        lines.append("  %-11s %7.2fs" % ("total", total))
        for line in lines:
            self.log(line)

    # -- setup ---------------------------------------------------------------

    def setup(self, entry_point, wrap=True):
        """Prepare to translate entry_point(argv) -> int (or, with
        wrap=False, a function of C types used as-is)."""
        self.entry_point = entry_point
        self.translator = TranslationContext(config=self.config)
        if wrap:
            self.entry_function = make_entry_wrapper(entry_point)
            from rpython.rtyper.lltypesystem import rffi

            self.entry_argtypes = [int, rffi.CCHARPP]
        else:
            self.entry_function = entry_point
            self.entry_argtypes = []

    # -- stages --------------------------------------------------------------

    def task_annotate(self):
        t = self.translator
        ann = t.buildannotator()
        argtypes = []
        for a in self.entry_argtypes:
            if a is int:
                argtypes.append(int)
            else:
                from rpython.rtyper.llannotation import SomePtr

                argtypes.append(SomePtr(a))
        s_result = ann.build_types(self.entry_function, argtypes)
        self.check_entry_result(s_result)
        from rpython.translator.c.threadsupport import EXPORTED

        self.extra_functions = []
        for func in EXPORTED:
            # C-visible functions (e.g. the thread bootstrap): no arguments
            ann.build_types(func, [])
            self.extra_functions.append(func)
        return "%d graphs" % len(t.graphs)

    def check_entry_result(self, s_result):
        """The entry point must return an int (the exit status)."""
        from rpython.annotator import model as annmodel

        ok = isinstance(s_result, (annmodel.SomeInteger, annmodel.SomeImpossibleValue))
        if ok:
            return
        import inspect

        func = self.entry_point
        try:
            where = "%s:%d" % (
                inspect.getsourcefile(func),
                func.__code__.co_firstlineno,
            )
        except (TypeError, OSError):
            where = func.__name__
        raise TranslationError(
            "the entry point %s() must return an int (the exit status), "
            "but it returns %s\n    at %s"
            % (
                func.__name__,
                s_result.describe() if hasattr(s_result, "describe") else s_result,
                where,
            )
        )

    def task_rtype(self):
        t = self.translator
        rtyper = t.buildrtyper()
        rtyper.specialize()
        return "%d graphs" % len(t.graphs)

    def task_backendopt(self):
        # no inlining yet: the C compiler inlines small functions itself
        return "skipped (gcc inlines)"

    def task_transforms(self):
        from rpython.translator.exceptiontransform import RaiseAnalyzer

        stm_note = ""
        if self.config.stm:
            # the STM pass inserts stm_read/stm_write/stm_become_inevitable;
            # the C backend turns them into stmgc calls (gc=stm)
            from rpython.translator.stm.transform import StmOptions, transform_graphs

            options = StmOptions()  # the defaults: every elision rule
            if not self.config.stm_elide:
                options = StmOptions(
                    elide_fresh=False,
                    elide_seen=False,
                    elide_immutable=False,
                    elide_inevitable=False,
                    elide_local=False,
                )
            report = transform_graphs(
                self.translator.graphs, options, self.translator.rtyper
            )
            self.stm_report = report
            self.stm_transformed = dict.fromkeys(self.translator.graphs, True)
            # the per-graph table is long: show its header and the total
            table = report.format().splitlines()
            for line in (table[0], table[-1]):
                self.log("stm barriers: " + line)
            total = report.total
            stm_note = "; stm barriers inserted: %d, elided: %d" % (
                total.total_inserted(),
                total.total_candidate() - total.total_inserted(),
            )
        analyzer = RaiseAnalyzer(self.translator.graphs)
        raising = sum(1 for g in self.translator.graphs if analyzer.graph_can_raise(g))
        self.raise_analyzer = analyzer
        return "%d of %d graphs can raise; gc=%s (applied while writing C)%s" % (
            raising,
            len(self.translator.graphs),
            "stm" if self.config.stm else self.config.gc,
            stm_note,
        )

    def _entry_fnptr(self):
        from rpython.rtyper.lltypesystem import lltype

        rtyper = self.translator.rtyper
        graph = self.translator.annotator.bookkeeper.getdesc(
            self.entry_function
        ).getuniquegraph()
        self.entry_graph = graph
        getcallable = getattr(rtyper, "getcallable", None)
        if getcallable is not None:
            return getcallable(graph)
        ARGS = [v.concretetype for v in graph.getargs()]
        RES = graph.getreturnvar().concretetype
        return lltype.functionptr(lltype.FuncType(ARGS, RES), graph.name, graph=graph)

    def _extra_fnptrs(self):
        result = []
        rtyper = self.translator.rtyper
        for func in getattr(self, "extra_functions", ()):
            graph = self.translator.annotator.bookkeeper.getdesc(func).getuniquegraph()
            result.append(rtyper.getcallable(graph))
        return result

    def task_source(self):
        from rpython.translator.c.database import LowLevelDatabase
        from rpython.translator.c.genc import CStandaloneBuilder
        from rpython.translator.exceptiontransform import CollectAnalyzer

        from rpython.translator.c.threadsupport import EXPORTED

        # a program that can start threads is a threaded build
        threaded = bool(
            self.config.thread or getattr(self, "extra_functions", None) or EXPORTED
        )
        gc = self.config.gc
        if self.config.stm:
            gc = "stm"  # --stm implies stmgc
            threaded = True
        db = LowLevelDatabase(self.translator, gcpolicy=gc, thread=threaded)
        db.stm_segments = self.config.stm_segments
        db.stm_transformed = getattr(self, "stm_transformed", None)
        db.raise_analyzer = getattr(self, "raise_analyzer", None)
        db.collect_analyzer = CollectAnalyzer(self.translator.graphs, threaded=threaded)
        builder = CStandaloneBuilder(
            db,
            self._entry_fnptr(),
            extra_entrypoints=self._extra_fnptrs(),
            opt=self.config.opt,
            lldebug=self.config.lldebug,
            thread=threaded,
            cc=self.config.cc,
        )
        target = self.source_dir or self._default_source_dir()
        builder.generate_source(target)
        self.builder = builder
        self.source_dir = target
        s = builder.stats
        return "%d functions, %d types, %d C files in %s" % (
            s["functions"],
            s["types"],
            s["c_files"],
            target,
        )

    def _default_source_dir(self):
        import tempfile

        base = os.environ.get("RPYTHON_USESSION_DIR") or tempfile.gettempdir()
        return tempfile.mkdtemp(prefix="usession-", dir=base)

    def task_compile(self):
        self.executable = self.builder.compile(jobs=self.config.jobs)
        return self.executable

    def run(self, until="compile"):
        tasks = {
            "annotate": self.task_annotate,
            "rtype": self.task_rtype,
            "backendopt": self.task_backendopt,
            "transforms": self.task_transforms,
            "source": self.task_source,
            "compile": self.task_compile,
        }
        for name in STAGES:
            self._run_stage(name, tasks[name])
            if name == until:
                break
