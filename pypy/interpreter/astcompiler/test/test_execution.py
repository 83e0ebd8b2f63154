"""Compiled snippets run on the test VM must compute what CPython computes.

Each snippet leaves its observable result in the variable `result`; the test runs
it with CPython's own compiler and with ours (on test/minivm.py) and compares.
"""

import ast as cpy_ast

import pytest

from pypy.interpreter.astcompiler.codegen import compile_ast
from pypy.interpreter.astcompiler.test.minivm import VM
from pypy.interpreter.astcompiler.tools.from_cpython import convert

PROGRAMS = {
    "arith": "result = [1 + 2 * 3, 7 // 2, -7 % 3, 2 ** 10, 1 / 4, 3 - -2, ~5, "
    "1 << 5, 255 >> 2, 6 & 3, 6 | 3, 6 ^ 3, 'a' * 3, 2 ** 100]",
    "compare": "a = 3\nresult = [1 < a < 5, 1 < a > 5, a == 3 != 4, a is None, "
    "a is not None, 3 in [3], 4 not in (3,), not a]",
    "boolops": "x = 0\nresult = [x or 5, x and 5, 1 and 2 or 3, None or 0 or 'z']",
    "augassign": "class O: pass\no = O(); o.a = 1; d = {'k': 2}; x = 3\n"
    "o.a += 10; d['k'] *= 5; x -= 1; l = [1]; l += [2]\nresult = (o.a, d, x, l)",
    "unpack": "a, *b, c = range(6)\n(d, e), f = (1, 2), 3\n[g, h] = 'xy'\n"
    "*i, = 1, 2\nresult = (a, b, c, d, e, f, g, h, i)",
    "containers": "a = [1, 2]\nresult = [[*a, 3], (*a,), {*a, 5}, {'x': 1, **{'y': 2}}, "
    "{1: 2, 3: 4}, {k: v for k, v in zip('ab', a)}, [x * y for x in a for y in a if x != y], "
    "{x % 2 for x in range(5)}, list(x + 1 for x in a), a[::-1], 'hello'[1:3]]",
    "fstrings": "x = 3.14159; w = 8; name = 'ab'\n"
    "result = [f'{x:.2f}', f'{name!r:>{w}}', f'{x=}', f'{name!s}{name!a}', f'plain', f'{{}}']",
    "functions": "def f(a, /, b, c=10, *args, d, e=20, **kw):\n    return (a, b, c, args, d, e, kw)\n"
    "result = [f(1, 2, d=3), f(1, b=2, d=3, z=9), f(1, 2, 3, 4, 5, d=6, e=7), "
    "f(*[1, 2], **{'d': 4})]",
    "closures": "def make():\n    count = 0\n    def inc(n=1):\n        nonlocal count\n"
    "        count += n\n        return count\n    return inc\n"
    "inc = make(); inc(); inc(5)\n"
    "def adders(): return [lambda x, i=i: x + i for i in range(3)]\n"
    "def late(): return [lambda: i for i in range(3)]\n"
    "result = (inc(), [g(10) for g in adders()], [g() for g in late()])",
    "globals": "counter = 0\ndef bump():\n    global counter\n    counter += 1\n"
    "bump(); bump()\nresult = counter",
    "classes": "class Base:\n    def __init__(self, v): self.v = v\n"
    "    def get(self): return self.v\n    @property\n    def double(self): return self.v * 2\n"
    "class Child(Base):\n    '''doc'''\n    kind = 'child'\n"
    "    def get(self): return super().get() + 100\n"
    "    @classmethod\n    def make(cls): return cls(1)\n"
    "    def who(self): return __class__.__name__\n"
    "c = Child.make()\n"
    "result = (c.get(), c.double, Child.kind, Child.__doc__, Child.__qualname__, c.who(), "
    "Child.get.__qualname__)",
    "private": "class P:\n    __secret = 42\n    def reveal(self): return self.__secret\n"
    "result = (P().reveal(), hasattr(P, '_P__secret'))",
    "decorators": "def twice(f):\n    def g(*a): return f(*a) * 2\n    return g\n"
    "@twice\n@twice\ndef three(): return 3\n"
    "def tag(cls):\n    cls.tagged = True\n    return cls\n"
    "@tag\nclass T: pass\nresult = (three(), T.tagged)",
    "while_loops": "i = 0\nout = []\nwhile i < 10:\n    i += 1\n    if i % 2: continue\n"
    "    if i > 7: break\n    out.append(i)\nelse:\n    out.append('never')\n"
    "n = 0\nwhile n < 3:\n    n += 1\nelse:\n    out.append('done')\nresult = out",
    "for_loops": "out = []\nfor i in range(5):\n    for j in range(5):\n        if j > i: break\n"
    "        out.append(j)\n    else:\n        out.append('e')\nelse:\n    out.append('end')\nresult = out",
    "try_except": "out = []\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    out.append(type(e).__name__)\n"
    "try:\n    out.append(e)\nexcept NameError:\n    out.append('e cleared')\n"
    "try:\n    [][1]\nexcept (KeyError, IndexError):\n    out.append('idx')\nelse:\n    out.append('no')\n"
    "try:\n    pass\nexcept Exception:\n    out.append('no')\nelse:\n    out.append('else')\n"
    "try:\n    try:\n        raise ValueError('in')\n    finally:\n        out.append('fin')\n"
    "except ValueError as e:\n    out.append(str(e))\n"
    "try:\n    try:\n        raise KeyError\n    except KeyError:\n        raise\nexcept KeyError:\n    out.append('reraised')\n"
    "try:\n    raise ValueError from KeyError()\nexcept ValueError as e:\n    out.append(type(e.__cause__).__name__)\n"
    "result = out",
    "finally_return": "def f(out):\n    for i in range(3):\n        try:\n            if i == 1:\n"
    "                return i\n        finally:\n            out.append(i)\n"
    "def g():\n    try:\n        return 'try'\n    finally:\n        return 'finally'\n"
    "def h():\n    try:\n        raise ValueError\n    except ValueError:\n        return 'handled'\n"
    "def k(out):\n    while True:\n        try:\n            break\n        finally:\n            out.append('k')\n"
    "    return out\n"
    "out = []\nresult = (f(out), out, g(), h(), k([]))",
    "with_stmt": "class CM:\n    def __init__(self, log, swallow=False): self.log = log; self.swallow = swallow\n"
    "    def __enter__(self): self.log.append('enter'); return self\n"
    "    def __exit__(self, t, v, tb):\n        self.log.append(('exit', t.__name__ if t else None))\n"
    "        return self.swallow\n"
    "log = []\nwith CM(log) as c, CM(log):\n    log.append('body')\n"
    "try:\n    with CM(log):\n        raise KeyError\nexcept KeyError:\n    log.append('propagated')\n"
    "with CM(log, True):\n    raise ValueError\n"
    "def f():\n    with CM(log):\n        return 'ret'\n"
    "log.append(f())\nresult = log",
    "generators": "def gen(n):\n    for i in range(n):\n        x = yield i\n        if x: yield x\n"
    "    return 'done'\n"
    "def deleg():\n    r = yield from gen(2)\n    yield r\n"
    "g = gen(3)\nfirst = [next(g), g.send('s'), next(g)]\n"
    "def closer():\n    try:\n        yield 1\n    finally:\n        log.append('closed')\n"
    "log = []\nc = closer(); next(c); c.close()\n"
    "def catcher():\n    try:\n        yield 1\n    except KeyError:\n        yield 'caught'\n"
    "t = catcher(); next(t)\n"
    "result = (first, list(deleg()), log, t.throw(KeyError), sum(x * x for x in range(4)))",
    "lambdas": "f = lambda x, *a, k=2, **kw: (x, a, k, kw)\nresult = [f(1), f(1, 2, k=3, z=4), "
    "sorted([3, 1, 2], key=lambda v: -v)]",
    "walrus": "data = [1, 5, 9]\nif (n := len(data)) > 2:\n    big = n\n"
    "vals = [y for x in data if (y := x * 2) > 5]\nresult = (big, vals, y)",
    "match_stmt": "def m(p):\n    match p:\n        case 0 | 1:\n            return 'small'\n"
    "        case [x, y, *rest]:\n            return ('seq', x, y, rest)\n"
    "        case {'k': v, **others}:\n            return ('map', v, others)\n"
    "        case str() as s if len(s) > 2:\n            return ('str', s)\n"
    "        case Point(x=0, y=yy):\n            return ('point', yy)\n"
    "        case None:\n            return 'none'\n"
    "        case _:\n            return 'other'\n"
    "class Point:\n    __match_args__ = ('x', 'y')\n    def __init__(self, x, y): self.x = x; self.y = y\n"
    "def n(p):\n    match p:\n        case Point(1, y):\n            return y\n        case (1, 2) | [3, 4]:\n            return 'pair'\n"
    "    return 'no'\n"
    "result = [m(0), m([1, 2, 3]), m({'k': 1, 'z': 2}), m('abcd'), m('a'), m(Point(0, 5)), "
    "m(None), n(Point(1, 7)), n((3, 4)), n([1, 2]), n(5)]",
    "imports": "import os.path as osp\nimport collections.abc\nfrom math import (sqrt, pi as PI)\n"
    "result = (osp.join('a', 'b'), collections.abc.Mapping.__name__, sqrt(16), round(PI, 2))",
    "assert_stmt": "try:\n    assert 1 == 2, 'nope'\nexcept AssertionError as e:\n    result = str(e)",
    "deletes": "a = 1; b = [1, 2, 3]; c = {'x': 1}\ndel a, b[0], c['x']\n"
    "try:\n    a\nexcept NameError:\n    result = (b, c)",
    "annotations": "x: int = 5\ny: 'str'\nclass A:\n    z: float = 1.0\n"
    "def f(a: int, *, b: str = 'x') -> bool: pass\n"
    "result = (__annotations__, A.__annotations__, f.__annotations__, x)",
    "try_star": "out = []\ntry:\n    raise ExceptionGroup('g', [ValueError(1), KeyError(2), TypeError(3)])\n"
    "except* ValueError as e:\n    out.append(('v', len(e.exceptions)))\n"
    "except* (KeyError, IndexError):\n    out.append('k')\n"
    "except* TypeError:\n    out.append('t')\nresult = out",
    "try_star_partial": "out = []\ntry:\n    try:\n        raise ExceptionGroup('g', [ValueError(1), KeyError(2)])\n"
    "    except* ValueError:\n        out.append('v')\n"
    "except* KeyError as e:\n    out.append(repr(e.exceptions))\nresult = out",
    "coroutines": "class Ready:\n    def __await__(self):\n        yield 'tick'\n        return 7\n"
    "async def inner():\n    return await Ready() + 1\n"
    "async def outer():\n    v = await inner()\n    return v * 2\n"
    "co = outer()\nticks = [co.send(None)]\ntry:\n    co.send(None)\nexcept StopIteration as e:\n    ticks.append(e.value)\n"
    "result = ticks",
    "docstring_and_consts": "def f():\n    'the doc'\n    return __debug__\n"
    "result = (f.__doc__, f(), (1, 2) + (3,), 'ab'[1], -(-5))",
    "nested_scopes": "def outer():\n    x = 'outer'\n    class C:\n        x = 'class'\n"
    "        def m(self): return x\n        y = x\n    return C().m(), C.y\nresult = outer()",
    "chained_assign": "a = b = [1]\nb.append(2)\nx = y = z = 0\nresult = (a, x, y, z, a is b)",
    "star_call": "def f(*a, **k): return a, k\nargs = (1, 2)\nkw = {'c': 3}\n"
    "result = [f(*args), f(0, *args, 4, **kw, d=5), f(**kw), f(*args, *args)]",
    "unbound_local": "def f():\n    try:\n        print(v)\n    except UnboundLocalError as e:\n"
    "        return 'unbound'\n    v = 1\nresult = f()",
    "many_locals": "def f():\n"
    + "".join("    v%d = %d\n" % (i, i) for i in range(300))
    + "    return "
    + " + ".join("v%d" % i for i in range(300))
    + "\nresult = f()",
    "handler_unwinding": "def f():\n    out = []\n    for i in range(4):\n        try:\n            raise ValueError(i)\n        except ValueError as e:\n            if i == 0:\n                continue\n            if i == 2:\n                break\n            out.append(str(e))\n    return out, i\ndef g():\n    try:\n        raise KeyError('k')\n    except KeyError as e:\n        return repr(e)\ndef h():\n    for i in range(3):\n        try:\n            pass\n        finally:\n            if i == 1:\n                break\n    return i\ndef k():\n    try:\n        try:\n            raise ValueError\n        finally:\n            return 'swallowed'\n    except ValueError:\n        return 'not here'\nresult = (f(), g(), h(), k())",
    "class_scope_comprehension": "class C:\n    v = 3\n    try:\n        w = [v for _ in range(2)]\n    except NameError:\n        w = 'nameerror'\n    u = [i for i in range(v)]\nresult = (C.w, C.u)",
    "star_bases": "class Meta(type):\n    def __new__(m, name, bases, ns, **kw):\n        ns['kw'] = kw\n        return super().__new__(m, name, bases, ns)\nclass A: pass\nclass B: pass\nbases = (A, B)\nclass C(*bases, metaclass=Meta, flag=1): pass\nresult = ([b.__name__ for b in C.__mro__], C.kw)",
    "cells": "def f():\n    x = 1\n    def g(): return x\n    del x\n    try:\n        return g()\n    except NameError as e:\n        return 'gone'\ndef outer(a):\n    def mid():\n        def inner():\n            nonlocal a\n            a += 1\n            return a\n        return inner\n    return mid()\ninc = outer(10); inc()\ndef defaults(v=5):\n    def h(x=v): return x\n    return h()\nresult = (f(), inc(), defaults())",
    "class_globals": "x = 'module'\nclass C:\n    global x\n    x = 'from class'\n    y = x\nresult = (x, C.y, hasattr(C, 'x'))",
    "short_circuit": "calls = []\ndef t(v):\n    calls.append(v)\n    return v\nif t(1) and (t(0) or t(2)) and not t(0):\n    calls.append('yes')\nr = t(0) or t('') or t(3)\nz = 1 < t(2) < 3 > t(1)\nresult = (calls, r, z)",
    "loops_with_finally": "out = []\nn = 0\nwhile n < 5:\n    n += 1\n    try:\n        if n == 2:\n            continue\n        if n == 4:\n            break\n        out.append(n)\n    finally:\n        out.append('f%d' % n)\nelse:\n    out.append('else')\nresult = out",
    "patterns_more": "def m(p):\n    match p:\n        case [1, *mid, 9]:\n            return ('mid', mid)\n        case [*_]:\n            return 'anyseq'\n        case {'a': 1, **rest}:\n            return ('rest', rest)\n        case {'b': [x, (2 | 3) as y]}:\n            return ('nested', x, y)\n        case int(n) if n > 10:\n            return ('big', n)\n        case int(n) if n < 0:\n            return ('neg', n)\n        case int() | float() as num:\n            return ('num', num)\n        case {**kw}:\n            return ('anymap', kw)\n    return 'none'\nresult = [m([1, 2, 3, 9]), m([5]), m({'a': 1, 'z': 0}), m({'b': [1, 2]}), m(11), m(-3), m(2.5), m({'q': 1}), m('s')]",
    "generator_return_in_finally": "def g():\n    try:\n        yield 1\n        yield 2\n    finally:\n        log.append('fin')\nlog = []\nit = g()\nfor v in it:\n    log.append(v)\n    break\nit.close()\ngen = g(); next(gen); gen.close()\ndef echo():\n    received = []\n    while True:\n        try:\n            v = yield\n        except GeneratorExit:\n            log.append(('exit', received))\n            raise\n        received.append(v)\ne = echo(); next(e); e.send(1); e.send(2); e.close()\nresult = log",
    "yield_from_throw": "def inner():\n    try:\n        yield 'a'\n    except KeyError:\n        yield 'inner caught'\n    return 'r'\ndef outer():\n    r = yield from inner()\n    yield r\ng = outer()\nresult = [next(g), g.throw(KeyError), next(g)]",
    "nested_functions_qualname": "def a():\n    def b():\n        class C:\n            def d(self): pass\n        return C\n    return b()\nresult = (a().__qualname__, a().d.__qualname__, (lambda: 0).__qualname__)",
    "kwonly_and_posonly": "def f(a, b=2, /, c=3, *, d, e=5, **rest):\n    return a, b, c, d, e, rest\nresult = [f(1, d=4), f(1, 2, 3, d=4, e=6, b=7)]",
    "unpack_in_calls_and_dicts": "def f(*a, **k): return a, sorted(k.items())\nd1 = {'x': 1}; d2 = {'y': 2}\nresult = [f(*range(3), *'ab'), f(**d1, **d2, z=3), {**d1, 'x': 9, **d2}, (*d1, *d2)]",
    "augassign_targets": "class O:\n    def __init__(self): self.v = [1, 2, 3]\no = O()\no.v[1:] += [7]\no.v[0] -= 5\nresult = o.v",
    "string_ops": "a = 'x'\nresult = [a + 'y' * 3, f'{a!r}{a!s:>4}', '%s-%d' % ('q', 5), 'abc'[::-1], 'a' 'b' 'c']",
    "async_for_and_with": "log = []\nclass Tick:\n    def __await__(self):\n        yield 'tick'\nclass AIter:\n    def __init__(self, n): self.i = 0; self.n = n\n    def __aiter__(self): return self\n    async def __anext__(self):\n        await Tick()\n        if self.i >= self.n:\n            raise StopAsyncIteration\n        self.i += 1\n        return self.i\nclass ACM:\n    async def __aenter__(self):\n        log.append('aenter')\n        return 'cm'\n    async def __aexit__(self, t, v, tb):\n        log.append(('aexit', t.__name__ if t else None))\n        return t is KeyError\nasync def main():\n    async with ACM() as c:\n        log.append(c)\n    async with ACM():\n        raise KeyError\n    async for v in AIter(3):\n        if v == 2:\n            continue\n        log.append(v)\n    else:\n        log.append('loop else')\n    log.append([w * 10 async for w in AIter(2)])\n    return 'end'\nco = main()\nticks = 0\nwhile True:\n    try:\n        co.send(None)\n        ticks += 1\n    except StopIteration as e:\n        log.append(e.value)\n        break\nresult = (log, ticks)",
    # a pattern that fails part-way binds nothing (CPython binds on success)
    "pattern_captures_on_success_only": "class P:\n    __match_args__ = ('a', 'b')\n"
    "    def __init__(self, a, b): self.a = a; self.b = b\n"
    "def m(p):\n    x = y = rest = 'unset'\n    match p:\n"
    "        case [x, 1]:\n            return ('seq', x)\n"
    "        case {'k': x, 'j': 2, **rest}:\n            return ('map', x, rest)\n"
    "        case P(x, 3) | P(3, x):\n            return ('cls', x)\n"
    "        case [x, y] if x == 2:\n            return ('guard', x, y)\n"
    "        case (x, [y, *rest]) | {'x': x, 'y': (y, *rest)} if rest:\n"
    "            return ('or', x, y, rest)\n"
    "        case [[x, y] | (y, x, _), z] as whole:\n"
    "            return ('nested', x, y, z, whole)\n"
    "    return ('none', x, y, rest)\n"
    "result = [m([5, 1]), m([5, 2]), m({'k': 1, 'j': 2, 'z': 0}), m({'k': 1, 'j': 3}), "
    "m(P(7, 3)), m(P(3, 8)), m(P(4, 4)), m([2, 1]), m([1, 2]), m((1, [2, 3])), "
    "m({'x': 1, 'y': (2, 3, 4)}), m({'x': 1, 'y': (2,)}), m([[1, 2], 3]), "
    "m([(1, 2, 3), 4]), m([(1, 2, 3, 4), 5])]",
    "long_jump": "def f(x):\n    if x:\n"
    + "        x = x + 1\n" * 300
    + "    return x\n"
    "result = (f(0), f(1))",
}


def run_ours(src):
    code = compile_ast(convert(cpy_ast.parse(src)), "<vmtest>")
    namespace = VM().run_module(code)
    return namespace["result"]


def run_cpython(src):
    namespace = {"__name__": "__vmtest__"}
    exec(compile(src, "<vmtest>", "exec"), namespace)
    return namespace["result"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_cpython(name):
    src = PROGRAMS[name]
    assert repr(run_ours(src)) == repr(run_cpython(src))


def run_ours_with_project_parser(src):
    from pypy.interpreter.astcompiler.codegen import compile_source

    namespace = VM().run_module(compile_source(src, "<vmtest>"))
    return namespace["result"]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_through_project_parser(name):
    src = PROGRAMS[name]
    assert repr(run_ours_with_project_parser(src)) == repr(run_cpython(src))
