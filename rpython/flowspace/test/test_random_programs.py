"""Random small functions (ifs, loops, break/continue, try/except/finally,
boolean operators...) are flowed, run with the graph evaluator and compared
with CPython running the same source."""

import importlib.util
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rpython.flowspace.test.evaluator import run_both

VARS = ["a", "b", "c"]


class ProgramGenerator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.lines = []
        self.loop_depth = 0

    def expr(self, depth=0):
        r = self.rng.random()
        if depth > 2 or r < 0.3:
            if self.rng.random() < 0.5:
                return self.rng.choice(VARS)
            return str(self.rng.randint(-3, 5))
        kind = self.rng.randint(0, 6)
        x, y = self.expr(depth + 1), self.expr(depth + 1)
        if kind == 0:
            return "(%s %s %s)" % (x, self.rng.choice("+-*"), y)
        if kind == 1:
            return "(%s %s %s)" % (x, self.rng.choice(["//", "%"]), y)
        if kind == 2:
            return "(%s if %s else %s)" % (x, self.cond(depth + 1), y)
        if kind == 3:
            return "(%s %s %s)" % (x, self.rng.choice(["and", "or"]), y)
        if kind == 4:
            return "(-%s)" % x
        if kind == 5:
            return "len([%s, %s])" % (x, y)
        return "max(%s, %s)" % (x, y)

    def cond(self, depth=0):
        kind = self.rng.randint(0, 3)
        x, y = self.expr(depth + 1), self.expr(depth + 1)
        op = self.rng.choice(["<", "<=", "==", "!=", ">", ">="])
        if kind == 0:
            return "%s %s %s" % (x, op, y)
        if kind == 1:
            return "not (%s %s %s)" % (x, op, y)
        if kind == 2:
            return "%s %s %s < %s" % (x, op, y, self.expr(depth + 1))
        return "(%s %s %s) %s %s" % (x, op, y, self.rng.choice(["and", "or"]), x)

    def emit(self, indent, text):
        self.lines.append("    " * indent + text)

    def block(self, indent, n):
        for _ in range(n):
            self.stmt(indent)

    def stmt(self, indent):
        r = self.rng.randint(0, 11)
        if r <= 2:
            # values stay small (no huge integers in loops)
            self.emit(
                indent, "%s = (%s) %% 1000" % (self.rng.choice(VARS), self.expr())
            )
        elif r == 3:
            var = self.rng.choice(VARS)
            op = self.rng.choice("+-*")
            self.emit(indent, "%s %s= %s" % (var, op, self.expr()))
            self.emit(indent, "%s %%= 1000" % var)
        elif r == 4 and indent < 4:
            self.emit(indent, "if %s:" % self.cond())
            self.block(indent + 1, self.rng.randint(1, 2))
            if self.rng.random() < 0.5:
                self.emit(indent, "elif %s:" % self.cond())
                self.block(indent + 1, 1)
            if self.rng.random() < 0.5:
                self.emit(indent, "else:")
                self.block(indent + 1, 1)
        elif r == 5 and indent < 4:
            self.emit(
                indent, "for i%d in range(%d):" % (indent, self.rng.randint(0, 4))
            )
            self.loop_depth += 1
            self.block(indent + 1, self.rng.randint(1, 3))
            self.loop_depth -= 1
            if self.rng.random() < 0.3:
                self.emit(indent, "else:")
                self.block(indent + 1, 1)
        elif r == 6 and indent < 4:
            fuel = "f%d" % indent
            self.emit(indent, "%s = 0" % fuel)
            self.emit(indent, "while (%s) and %s < 5:" % (self.cond(), fuel))
            self.emit(indent + 1, "%s += 1" % fuel)
            self.loop_depth += 1
            self.block(indent + 1, self.rng.randint(1, 2))
            self.loop_depth -= 1
        elif r == 7 and self.loop_depth:
            self.emit(indent, "if %s:" % self.cond())
            self.emit(indent + 1, self.rng.choice(["break", "continue"]))
        elif r == 8 and indent < 4:
            self.emit(indent, "try:")
            self.block(indent + 1, self.rng.randint(1, 2))
            if self.rng.random() < 0.7:
                self.emit(indent, "except ZeroDivisionError:")
                self.block(indent + 1, 1)
                if self.rng.random() < 0.3:
                    self.emit(indent, "else:")
                    self.block(indent + 1, 1)
            if self.rng.random() < 0.5 or not self.lines[-1].strip():
                self.emit(indent, "finally:")
                self.emit(indent + 1, "c = c + 1")
            elif self.lines[-1].strip() == "try:":
                self.emit(indent + 1, "pass")
            if self.lines[-2].strip() == "try:" and "except" not in self.lines[-1]:
                pass
        elif r == 9:
            self.emit(indent, "if %s:" % self.cond())
            self.emit(indent + 1, "return %s" % self.expr())
        elif r == 10:
            self.emit(indent, "assert %s, 'oops'" % self.cond())
        else:
            self.emit(
                indent, "%s = (%s) %% 1000" % (self.rng.choice(VARS), self.expr())
            )

    def program(self):
        self.emit(0, "def f(a, b):")
        self.emit(1, "c = 0")
        self.block(1, self.rng.randint(2, 6))
        self.emit(1, "return a + b * 7 + c * 49")
        return "\n".join(self.lines) + "\n"


def load(source, tmp_path, seed):
    path = tmp_path / ("rndprog_%d.py" % seed)
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("rndprog_%d" % seed, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def try_program(seed, tmp_path):
    source = ProgramGenerator(seed).program()
    try:
        compile(source, "<rnd>", "exec")
    except SyntaxError:
        return  # e.g. a try without except/finally body shape
    f = load(source, tmp_path, seed)
    for args in [(0, 0), (1, 2), (-3, 5), (4, -1), (2, 2)]:
        expected, got = run_both(f, *args)
        assert expected == got, (source, args, expected, got)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_random_programs_match_cpython(tmp_path_factory, seed):
    try_program(seed, tmp_path_factory.mktemp("rnd"))
