"""TranslationContext: holds the graphs, annotator and rtyper of one program.

Every stage of the toolchain receives the context; `graphs` is the list of
all FunctionGraphs built so far, in creation order.
"""


class TranslationConfig:
    """A small attribute bag for options; the driver may replace it."""

    def __init__(self, **kwds):
        self.stm = False
        self.gc = "boehm"
        self.verbose = False
        self.list_comprehension_operations = False
        self.__dict__.update(kwds)

    def __repr__(self):
        return "TranslationConfig(%r)" % (self.__dict__,)


class TranslationContext:
    def __init__(self, config=None, **flowing_flags):
        if config is None:
            config = TranslationConfig()
        self.config = config
        self.flowing_flags = flowing_flags
        self.graphs = []
        self._prebuilt_graphs = {}  # func -> graph (built by buildflowgraph)
        self.annotator = None
        self.rtyper = None
        self.exceptiontransformer = None
        self.callgraph = {}  # {opaque_tag: (caller-graph, callee-graph)}

    def buildflowgraph(self, func, mute_dot=False):
        """Return the FunctionGraph of `func`; built once and cached."""
        try:
            return self._prebuilt_graphs.pop(func)
        except KeyError:
            pass
        from rpython.flowspace.objspace import build_flow

        graph = build_flow(func)
        graph.func = func
        self.graphs.append(graph)
        return graph

    def buildannotator(self, policy=None):
        if self.annotator is not None:
            raise ValueError("we already have an annotator")
        from rpython.annotator.annrpython import RPythonAnnotator

        self.annotator = RPythonAnnotator(self, policy=policy)
        return self.annotator

    def buildrtyper(self):
        if self.annotator is None:
            raise ValueError("no annotator")
        if self.rtyper is not None:
            raise ValueError("we already have an rtyper")
        from rpython.rtyper.rtyper import RPythonTyper

        self.rtyper = RPythonTyper(self.annotator)
        return self.rtyper

    def getexceptiontransformer(self):
        if self.rtyper is None:
            raise ValueError("no rtyper")
        if self.exceptiontransformer is None:
            from rpython.translator.exceptiontransform import ExceptionTransformer

            self.exceptiontransformer = ExceptionTransformer(self)
        return self.exceptiontransformer

    def checkgraphs(self):
        from rpython.flowspace.model import checkgraph

        for graph in self.graphs:
            checkgraph(graph)

    def update_call_graph(self, caller_graph, callee_graph, position_tag):
        # update the call graph used by inlining and the GC transformer
        key = caller_graph, callee_graph, position_tag
        self.callgraph[key] = caller_graph, callee_graph

    def graphs_of(self, func):
        return [g for g in self.graphs if getattr(g, "func", None) is func]
