"""Annotation of small programs: the inferred types of results, attributes,
containers, and the graphs made by specialization."""

import pytest

from rpython.annotator import model as annmodel
from rpython.annotator.annrpython import RPythonAnnotator
from rpython.rlib.objectmodel import specialize
from rpython.rlib.rarithmetic import intmask, r_uint


def annotate(func, argtypes):
    a = RPythonAnnotator()
    s = a.build_types(func, argtypes)
    return a, s


def test_arith():
    def f(x, y):
        return x * y + 1 - x // 2

    a, s = annotate(f, [int, int])
    assert isinstance(s, annmodel.SomeInteger) and not isinstance(s, annmodel.SomeBool)


def test_float_and_int_mixing_in_arith():
    def f(x, y):
        return x * 1.5 + y

    a, s = annotate(f, [int, float])
    assert isinstance(s, annmodel.SomeFloat)


def test_bool_result():
    def f(x):
        return x > 3

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeBool)


def test_strings():
    def f(n):
        s = "abc" + str(n)
        parts = s.split("b")
        return "-".join(parts).upper() + s[0] + s[1:]

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeString)


def test_bytes_and_encode():
    def f(s):
        b = s.encode("utf-8")
        return b[0] + len(b.decode("utf-8"))

    a, s = annotate(f, [str])
    assert isinstance(s, annmodel.SomeInteger)


def test_list_generalizes():
    def f(n):
        lst = []
        for i in range(n):
            lst.append(i)
        lst.append(True)
        return lst

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeList)
    assert type(s.listdef.listitem.s_value) is annmodel.SomeInteger
    assert s.listdef.listitem.resized


def test_dict_and_items():
    def f(n):
        d = {}
        d["a"] = n
        total = 0
        for k, v in d.items():
            total += len(k) + v
        return total + d.get("b", -1)

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_tuples_and_unpacking():
    def f(n):
        t = (n, "x", 1.5)
        a, b, c = t
        return b, c

    a, s = annotate(f, [int])
    assert isinstance(s.items[0], annmodel.SomeString)
    assert isinstance(s.items[1], annmodel.SomeFloat)


def test_comprehension_enumerate_zip():
    def f(n):
        lst = [i * 2 for i in range(n) if i]
        total = 0
        for i, x in enumerate(lst):
            total += i * x
        for a, b in zip(lst, lst):
            total += a - b
        return total

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


class Animal:
    sound = "..."

    def __init__(self, name):
        self.name = name

    def speak(self):
        return self.name + " says " + self.sound


class Dog(Animal):
    sound = "woof"

    def speak(self):
        return "dog " + Animal.speak(self)


class Cat(Animal):
    def __init__(self, name):
        Animal.__init__(self, name)
        self.lives = 9


def make(n):
    if n == 0:
        return Dog("rex")
    elif n == 1:
        return Cat("tom")
    return Animal("x")


def test_classes_methods_and_attributes():
    def f(n):
        a = make(n)
        s = a.speak()
        if isinstance(a, Cat):
            return s + str(a.lives)
        return s

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeString)
    bk = a.bookkeeper
    animal = bk.getuniqueclassdef(Animal)
    cat = bk.getuniqueclassdef(Cat)
    assert "name" in animal.attrs
    assert "lives" in cat.attrs and "lives" not in animal.attrs
    assert isinstance(animal.attrs["sound"].s_value, annmodel.SomeString)


def test_attribute_moves_to_common_base():
    class Base:
        pass

    class A(Base):
        pass

    class B(Base):
        pass

    def f(n):
        a = A()
        a.x = n
        b = B()
        b.x = 2
        lst = [a, b]
        return lst[n].x

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)
    base = a.bookkeeper.getuniqueclassdef(Base)
    assert "x" in base.attrs


def test_none_narrowing():
    class Node:
        def __init__(self, v):
            self.v = v
            self.next = None

    def f(n):
        head = Node(n)
        head.next = Node(n + 1)
        x = head.next
        if x is not None:
            return x.v
        return 0

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_function_pbc_family():
    def add(a, b):
        return a + b

    def sub(a, b):
        return a - b

    def f(n):
        op = add if n else sub
        return op(n, 1)

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)
    fams = a.bookkeeper.pbc_maximal_call_families
    assert any(len(fam.descs) == 2 for fam in fams)


def test_exceptions():
    class MyError(Exception):
        def __init__(self, code):
            self.code = code

    def g(n):
        if n < 0:
            raise MyError(n)
        return n

    def f(n):
        try:
            return g(n)
        except MyError as e:
            return e.code

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_specialize_argtype():
    @specialize.argtype(0)
    def double(x):
        return x + x

    def f(n):
        return double(n), double(1.5), double("ab")

    a, s = annotate(f, [int])
    kinds = [type(x) for x in s.items]
    assert kinds == [annmodel.SomeInteger, annmodel.SomeFloat, annmodel.SomeString]
    graphs = [g for g in a.translator.graphs if g.func is double]
    assert len(graphs) == 3
    assert "double" not in [g.name for g in graphs]


def test_specialize_arg_and_memo():
    @specialize.arg(1)
    def getter(obj, name):
        if name == "a":
            return obj.a
        return obj.b

    @specialize.memo()
    def table(n):
        return n * 10

    class Obj:
        def __init__(self):
            self.a = 1
            self.b = "x"

    def f(n):
        o = Obj()
        return getter(o, "a") + table(4), getter(o, "b")

    a, s = annotate(f, [int])
    assert isinstance(s.items[0], annmodel.SomeInteger)
    assert isinstance(s.items[1], annmodel.SomeString)


def test_r_uint_and_intmask():
    def f(n):
        u = r_uint(n) + r_uint(1)
        return intmask(u) + 1, u

    a, s = annotate(f, [int])
    assert s.items[0].knowntype is int
    assert s.items[1].knowntype is r_uint


def test_function_that_always_raises():
    def fail(n):
        raise ValueError

    def f(n):
        if n:
            fail(n)
        return n

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_prebuilt_instance_state():
    class State:
        def __init__(self):
            self.count = 0

    state = State()

    def f(n):
        state.count += n
        return state.count

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_default_arguments_and_keywords():
    def g(a, b=2, c=3):
        return a * b + c

    def f(n):
        return g(n) + g(n, 5) + g(n, c=7)

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_recursion():
    def fact(n):
        if n <= 1:
            return 1
        return n * fact(n - 1)

    a, s = annotate(fact, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_while_with_string_building():
    def f(n):
        result = ""
        while n > 0:
            result = chr(48 + n % 10) + result
            n //= 10
        return result

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeString)


def test_unrolling_iterable():
    from rpython.rlib.unroll import unrolling_iterable

    funcs = unrolling_iterable([lambda x: x + 1, lambda x: x * 2])

    def f(n):
        for fn in funcs:
            n = fn(n)
        return n

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


@pytest.mark.parametrize("argtypes", [[int], [str]])
def test_with_statement(argtypes):
    class Ctx:
        def __init__(self):
            self.entered = 0

        def __enter__(self):
            self.entered += 1
            return self

        def __exit__(self, t, v, tb):
            self.entered -= 1

    def f(x):
        c = Ctx()
        with c:
            y = x
        return c.entered, y

    a, s = annotate(f, argtypes)
    assert isinstance(s.items[0], annmodel.SomeInteger)


def test_math_functions():
    import math

    def f(x):
        return math.sqrt(x) + math.floor(x), math.isnan(x)

    a, s = annotate(f, [float])
    assert isinstance(s.items[0], annmodel.SomeFloat)
    assert isinstance(s.items[1], annmodel.SomeBool)


def test_oserror_attributes():
    def f(n):
        try:
            if n:
                raise OSError(2, "missing")
        except OSError as e:
            return e.errno
        return 0

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def _pairs(lst):
    i = 0
    while i + 1 < len(lst):
        yield lst[i], lst[i + 1]
        i += 2


def test_generator_in_for_loop():
    def f(n):
        total = 0
        for a, b in _pairs([n, 1, 2, 3]):
            total += a * b
        return total

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def make_counter_class(start):
    # a class built at import time by a factory; its methods are closures
    class Counter:
        def __init__(self):
            self.value = start

        def bump(self, n):
            self.value += n * start
            return self.value

    return Counter


Counter5 = make_counter_class(5)


def make_scaler(k):
    def scale(x):
        return x * k

    return scale


scale3 = make_scaler(3)


def test_factory_class_and_closure():
    def f(n):
        c = Counter5()
        return c.bump(n) + scale3(n)

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_truth_test_narrows_nullable():
    class Box:
        def __init__(self, v):
            self.v = v

    def get(n):
        if n:
            return Box(n)
        return None

    def f(n):
        b = get(n)
        if b:
            return b.v
        return -1

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)


def test_r_dict_custom_functions_are_annotated():
    from rpython.rlib.objectmodel import r_dict

    def key_eq(a, b):
        return a.lower() == b.lower()

    def key_hash(a):
        return len(a)

    def f(s):
        d = r_dict(key_eq, key_hash)
        d[s] = 1
        return d[s.upper()]

    a, s = annotate(f, [str])
    assert isinstance(s, annmodel.SomeInteger)
    funcs = [g.func for g in a.translator.graphs]
    assert key_eq in funcs and key_hash in funcs


def test_many_builtins_and_methods():
    def f(n, s):
        lst = [n, 3, 1]
        lst.sort()
        lst.reverse()
        lst.insert(0, 7)
        lst.extend([4, 5])
        x = lst.pop() + lst.index(3) + lst.count(1)
        total = sum(lst) + min(n, 2) + max(lst) + abs(-n) + len(sorted(lst))
        flags = any([n > 1, n < 0]) and all([True])
        d = {s: n}
        d.setdefault("k", 2)
        v = d.pop("k", 0) + len(d.keys()) + ("k" in d.keys())
        words = s.strip().lower().replace("a", "b").split(",")
        joined = "|".join(words) + hex(n) + str(round(1.5)) + s[1:-1]
        found = s.find("x") + s.count("y") + int(s.startswith("z"))
        for i, w in enumerate(words):
            total += i + len(w)
        for a, b in zip(lst, lst):
            total += a * b
        for w in reversed(words):
            total += len(w)
        return total + x + v + found + int(flags), joined, list(d.values())

    a, s = annotate(f, [int, str])
    assert isinstance(s.items[0], annmodel.SomeInteger)
    assert isinstance(s.items[1], annmodel.SomeString)
    assert isinstance(s.items[2], annmodel.SomeList)


def _target3(a, b, c):
    return a * 100 + b * 10 + c


def _forward(*args):
    return _target3(*args)


def _forward_one(x, *rest):
    return _target3(x, *rest)


def test_star_args_forwarding():
    def f(n):
        return _forward(n, 2, 3) + _forward_one(1, n, 4)

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)
    for graph in a.translator.graphs:
        for block, op in graph.iterblockops():
            assert op.opname != "call_star"


def test_star_args_with_non_tuple_is_an_error():
    def g(lst):
        return _target3(*lst)

    with pytest.raises(annmodel.AnnotatorError) as e:
        annotate(g, [[int]])
    assert "needs a tuple, got list of int" in str(e.value)


class _Greeter:
    def __init__(self, greeting):
        self.greeting = greeting

    def greet(self, name, punct="!", times=1):
        return (self.greeting + " " + name + punct) * times


def test_keywords_in_method_calls():
    def f(n):
        g = _Greeter("hi")
        return g.greet("bob", times=n) + g.greet(name="x")

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeString)
    for graph in a.translator.graphs:
        for block, op in graph.iterblockops():
            assert op.opname != "call_kw"


def test_bad_keyword_in_method_call():
    def f(n):
        return _Greeter("hi").greet("bob", colour=n)

    with pytest.raises(annmodel.AnnotatorError) as e:
        annotate(f, [int])
    assert "greet() got an unexpected keyword argument 'colour'" in str(e.value)


class _WithStatic:
    @staticmethod
    def helper(x):
        return x + 1

    def use(self, n):
        return self.helper(n) + _WithStatic.helper(n)


def test_staticmethod_through_instance_and_class():
    def f(n):
        return _WithStatic().use(n)

    a, s = annotate(f, [int])
    assert isinstance(s, annmodel.SomeInteger)
