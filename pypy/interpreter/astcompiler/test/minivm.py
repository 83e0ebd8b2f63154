"""A small test-only VM: runs our CodeObjects on host (CPython) objects.

It checks that the compiler's output means what the source means: tests compile a
snippet with our compiler, run it here, and compare the result with CPython running
the same snippet.  It follows the opcode semantics documented in opcodes.py and
README.md, with no attempt at speed.  Not RPython, never translated.
"""

import builtins
import collections.abc
import operator
import types

from pypy.interpreter.astcompiler import constants
from pypy.interpreter.astcompiler import opcodes as ops
from pypy.interpreter.astcompiler.assemble import ConstCode

NULL = object()  # the "no self" marker pushed by LOAD_METHOD
# host-only (CPython 3.11) names that ruff, targeting 3.9, does not know
BaseExceptionGroup = builtins.BaseExceptionGroup


def host_constant(const):
    if isinstance(const, ConstCode):
        return const.code
    if isinstance(const, (constants.ConstNone,)):
        return None
    if isinstance(const, constants.ConstEllipsis):
        return ...
    if isinstance(const, constants.ConstBool):
        return const.value
    if isinstance(const, constants.ConstInt):
        return const.value
    if isinstance(const, constants.ConstBigInt):
        return int(const.digits)
    if isinstance(const, constants.ConstFloat):
        return const.value
    if isinstance(const, constants.ConstComplex):
        return complex(const.real, const.imag)
    if isinstance(const, (constants.ConstStr, constants.ConstBytes)):
        return const.value
    if isinstance(const, constants.ConstTuple):
        return tuple(host_constant(c) for c in const.items)
    if isinstance(const, constants.ConstFrozenset):
        return frozenset(host_constant(c) for c in const.items)
    raise TypeError(const)


BINARY = [
    operator.add,
    operator.sub,
    operator.mul,
    operator.matmul,
    operator.truediv,
    operator.floordiv,
    operator.mod,
    operator.pow,
    operator.lshift,
    operator.rshift,
    operator.and_,
    operator.xor,
    operator.or_,
]
INPLACE = [
    operator.iadd,
    operator.isub,
    operator.imul,
    operator.imatmul,
    operator.itruediv,
    operator.ifloordiv,
    operator.imod,
    operator.ipow,
    operator.ilshift,
    operator.irshift,
    operator.iand,
    operator.ixor,
    operator.ior,
]
COMPARE = [operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge]


def decode(code):
    """unit offset -> (opcode, arg, next offset)"""
    raw = code.co_code
    result = {}
    i = 0
    units = len(raw) // 2
    while i < units:
        start = i
        arg = 0
        while raw[2 * i] == ops.EXTENDED_ARG:
            arg = (arg | raw[2 * i + 1]) << 8
            i += 1
        opcode = raw[2 * i]
        arg |= raw[2 * i + 1]
        i += 1
        if opcode in ops.CACHED:
            i += 1
        result[start] = (opcode, arg, i)
        # a jump may land on the opcode after its EXTENDED_ARG prefixes too
    return result


class VMFunction(object):
    def __init__(self, vm, code, globals_, defaults, kwdefaults, annotations, closure):
        self._vm = vm
        self.__code__ = code
        self.__globals__ = globals_
        self.__defaults__ = defaults
        self.__kwdefaults__ = kwdefaults
        self.__annotations__ = annotations
        self.__closure__ = closure
        self.__name__ = code.co_name
        self.__qualname__ = code.co_qualname
        self.__module__ = globals_.get("__name__")
        self.__doc__ = None
        if code.co_consts and isinstance(code.co_consts[0], constants.ConstStr):
            self.__doc__ = code.co_consts[0].value
        self.__dict__["__wrapped_marker__"] = True

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return types.MethodType(self, obj)

    def __call__(self, *args, **kwargs):
        frame = Frame(self._vm, self.__code__, self.__globals__, None, self.__closure__)
        frame.bind_arguments(self, args, kwargs)
        flags = self.__code__.co_flags
        if flags & ops.CO_COROUTINE:
            return VMCoroutine(frame)
        if flags & ops.CO_GENERATOR:
            return VMGenerator(frame)
        if flags & ops.CO_ASYNC_GENERATOR:
            raise NotImplementedError("async generators are not run by the test VM")
        return frame.run_to_end()


class VMGenerator(object):
    def __init__(self, frame):
        self.frame = frame
        self.started = False
        self.finished = False

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def _resume(self, sent, exc):
        if self.finished:
            if exc is not None:
                raise exc
            raise StopIteration
        try:
            if exc is None:
                if self.started:
                    self.frame.stack.append(sent)
                elif sent is not None:
                    raise TypeError(
                        "can't send non-None value to a just-started generator"
                    )
                self.started = True
                kind, value = self.frame.execute(None)
            else:
                self.started = True
                kind, value = self.frame.execute(exc)
        except StopIteration:
            self.finished = True
            raise RuntimeError("generator raised StopIteration")
        except BaseException:
            self.finished = True
            raise
        if kind == "return":
            self.finished = True
            raise StopIteration(value)
        return value

    def send(self, value):
        return self._resume(value, None)

    def throw(self, exc):
        if isinstance(exc, type):
            exc = exc()
        return self._resume(None, exc)

    def close(self):
        if self.finished or not self.started:
            self.finished = True
            return
        try:
            self._resume(None, GeneratorExit())
        except (GeneratorExit, StopIteration):
            return
        raise RuntimeError("generator ignored GeneratorExit")


class VMCoroutine(VMGenerator):
    def __await__(self):
        return self


class Frame(object):
    def __init__(self, vm, code, globals_, locals_, closure):
        self.vm = vm
        self.code = code
        self.globals = globals_
        self.locals = locals_
        self.fast = [NULL] * len(code.co_varnames)
        self.cells = [types.CellType() for _ in code.co_cellvars]
        if closure:
            self.cells.extend(closure)
        self.stack = []
        self.pc = 0
        self.yield_offset = -1
        self.instrs = vm.decoded(code)
        self.consts = [host_constant(c) for c in code.co_consts]

    def bind_arguments(self, func, args, kwargs):
        code = self.code
        nargs = code.co_argcount
        names = code.co_varnames
        fast = self.fast
        for i in range(min(len(args), nargs)):
            fast[i] = args[i]
        index = nargs + code.co_kwonlyargcount
        if code.co_flags & ops.CO_VARARGS:
            fast[index] = tuple(args[nargs:])
            index += 1
        elif len(args) > nargs:
            raise TypeError(
                "%s() takes %d positional arguments but %d were given"
                % (code.co_name, nargs, len(args))
            )
        extra = None
        if code.co_flags & ops.CO_VARKEYWORDS:
            extra = {}
            fast[index] = extra
        for key, value in kwargs.items():
            try:
                pos = names.index(
                    key, code.co_posonlyargcount, nargs + code.co_kwonlyargcount
                )
            except ValueError:
                if extra is None:
                    raise TypeError(
                        "%s() got an unexpected keyword argument '%s'"
                        % (code.co_name, key)
                    )
                extra[key] = value
                continue
            if fast[pos] is not NULL:
                raise TypeError(
                    "%s() got multiple values for argument '%s'" % (code.co_name, key)
                )
            fast[pos] = value
        defaults = func.__defaults__ or ()
        first_default = nargs - len(defaults)
        for i in range(nargs):
            if fast[i] is NULL:
                if i >= first_default:
                    fast[i] = defaults[i - first_default]
                else:
                    raise TypeError(
                        "%s() missing argument '%s'" % (code.co_name, names[i])
                    )
        kwdefaults = func.__kwdefaults__ or {}
        for i in range(nargs, nargs + code.co_kwonlyargcount):
            if fast[i] is NULL:
                if names[i] in kwdefaults:
                    fast[i] = kwdefaults[names[i]]
                else:
                    raise TypeError(
                        "%s() missing keyword argument '%s'" % (code.co_name, names[i])
                    )
        for i, argindex in enumerate(code.co_cell2arg):
            if argindex >= 0:
                self.cells[i].cell_contents = fast[argindex]

    def run_to_end(self):
        kind, value = self.execute(None)
        if kind != "return":
            raise RuntimeError("plain code yielded")
        return value

    # -- the dispatch loop ----------------------------------------------------------

    def execute(self, exc):
        """Run until return or yield: ("return" | "yield", value).  A non-None
        `exc` is thrown in at the point where the frame was suspended."""
        vm = self.vm
        vm.frames.append(self)
        try:
            if exc is not None:
                result = self._throw(exc)
                if result is not None:
                    return result
            while True:
                offset = self.pc
                try:
                    result = self.step(offset)
                except BaseException as e:
                    self._handle(e, offset)
                    continue
                if result is not None:
                    return result
        finally:
            vm.frames.pop()

    def _throw(self, exc):
        opcode, arg, nxt = self.instrs[self.yield_offset]
        if opcode == ops.YIELD_FROM and self.pc == self.yield_offset:
            # suspended in `yield from` / `await`: the sub-iterator gets it first
            iterator = self.stack[-1]
            if isinstance(exc, GeneratorExit):
                close = getattr(iterator, "close", None)
                if close is not None:
                    close()
            else:
                throw = getattr(iterator, "throw", None)
                if throw is not None:
                    try:
                        value = throw(exc)
                    except StopIteration as e:
                        self.stack[-1] = e.value
                        self.pc = nxt
                        return None
                    except BaseException as e:
                        self._handle(e, self.yield_offset)
                        return None
                    return ("yield", value)
        self._handle(exc, self.yield_offset)
        return None

    def _handle(self, exc, offset):
        entry = self.code.find_handler(offset)
        if entry is None:
            raise exc
        del self.stack[entry.depth :]
        if entry.push_lasti:
            self.stack.append(offset)
        self.stack.append(exc)
        self.pc = entry.handler

    def step(self, offset):
        opcode, arg, nxt = self.instrs[offset]
        stack = self.stack
        self.pc = nxt
        name = ops.opname[opcode]
        if ops.BINARY_ADD <= opcode < ops.BINARY_ADD + 13:
            right = stack.pop()
            stack[-1] = BINARY[opcode - ops.BINARY_ADD](stack[-1], right)
            return None
        if ops.INPLACE_ADD <= opcode < ops.INPLACE_ADD + 13:
            right = stack.pop()
            stack[-1] = INPLACE[opcode - ops.INPLACE_ADD](stack[-1], right)
            return None
        handler = getattr(self, "op_" + name)
        return handler(arg, offset)

    def push(self, value):
        self.stack.append(value)

    def pop(self):
        return self.stack.pop()

    def popn(self, n):
        if n == 0:
            return []
        values = self.stack[-n:]
        del self.stack[-n:]
        return values

    # simple stack ops
    def op_NOP(self, arg, offset):
        pass

    def op_POP_TOP(self, arg, offset):
        self.pop()

    def op_PUSH_NULL(self, arg, offset):
        self.push(NULL)

    def op_COPY(self, arg, offset):
        self.push(self.stack[-arg])

    def op_SWAP(self, arg, offset):
        s = self.stack
        s[-1], s[-arg] = s[-arg], s[-1]

    def op_UNARY_POSITIVE(self, arg, offset):
        self.stack[-1] = +self.stack[-1]

    def op_UNARY_NEGATIVE(self, arg, offset):
        self.stack[-1] = -self.stack[-1]

    def op_UNARY_NOT(self, arg, offset):
        self.stack[-1] = not self.stack[-1]

    def op_UNARY_INVERT(self, arg, offset):
        self.stack[-1] = ~self.stack[-1]

    def op_BINARY_SUBSCR(self, arg, offset):
        key = self.pop()
        self.stack[-1] = self.stack[-1][key]

    def op_STORE_SUBSCR(self, arg, offset):
        value, obj, key = self.popn(3)
        obj[key] = value

    def op_DELETE_SUBSCR(self, arg, offset):
        obj, key = self.popn(2)
        del obj[key]

    def op_COMPARE_OP(self, arg, offset):
        right = self.pop()
        self.stack[-1] = COMPARE[arg](self.stack[-1], right)

    def op_IS_OP(self, arg, offset):
        right = self.pop()
        self.stack[-1] = (self.stack[-1] is right) != bool(arg)

    def op_CONTAINS_OP(self, arg, offset):
        right = self.pop()
        self.stack[-1] = (self.stack[-1] in right) != bool(arg)

    # constants and names
    def op_LOAD_CONST(self, arg, offset):
        self.push(self.consts[arg])

    def op_RETURN_CONST(self, arg, offset):
        return ("return", self.consts[arg])

    def op_RETURN_VALUE(self, arg, offset):
        return ("return", self.pop())

    def _load_fast(self, index):
        value = self.fast[index]
        if value is NULL:
            raise UnboundLocalError(
                "local variable '%s' referenced before assignment"
                % self.code.co_varnames[index]
            )
        return value

    def op_LOAD_FAST(self, arg, offset):
        self.push(self._load_fast(arg))

    def op_STORE_FAST(self, arg, offset):
        self.fast[arg] = self.pop()

    def op_DELETE_FAST(self, arg, offset):
        self._load_fast(arg)
        self.fast[arg] = NULL

    def op_LOAD_FAST_LOAD_FAST(self, arg, offset):
        self.push(self._load_fast(arg >> 4))
        self.push(self._load_fast(arg & 15))

    def op_STORE_FAST_LOAD_FAST(self, arg, offset):
        self.fast[arg >> 4] = self.pop()
        self.push(self._load_fast(arg & 15))

    def op_STORE_FAST_STORE_FAST(self, arg, offset):
        self.fast[arg >> 4] = self.pop()
        self.fast[arg & 15] = self.pop()

    def _cell_name(self, index):
        return (self.code.co_cellvars + self.code.co_freevars)[index]

    def op_LOAD_DEREF(self, arg, offset):
        try:
            self.push(self.cells[arg].cell_contents)
        except ValueError:
            raise NameError(
                "free variable '%s' referenced before assignment" % self._cell_name(arg)
            )

    def op_LOAD_CLASSDEREF(self, arg, offset):
        name = self._cell_name(arg)
        if name in self.locals:
            self.push(self.locals[name])
        else:
            self.op_LOAD_DEREF(arg, offset)

    def op_STORE_DEREF(self, arg, offset):
        self.cells[arg].cell_contents = self.pop()

    def op_DELETE_DEREF(self, arg, offset):
        del self.cells[arg].cell_contents

    def op_LOAD_CLOSURE(self, arg, offset):
        self.push(self.cells[arg])

    def _builtin(self, name):
        builtins_ = self.vm.builtins
        if name in builtins_:
            return builtins_[name]
        raise NameError("name '%s' is not defined" % name)

    def op_LOAD_NAME(self, arg, offset):
        name = self.code.co_names[arg]
        if name in self.locals:
            self.push(self.locals[name])
        elif name in self.globals:
            self.push(self.globals[name])
        else:
            self.push(self._builtin(name))

    def op_STORE_NAME(self, arg, offset):
        self.locals[self.code.co_names[arg]] = self.pop()

    def op_DELETE_NAME(self, arg, offset):
        del self.locals[self.code.co_names[arg]]

    def op_LOAD_GLOBAL(self, arg, offset):
        name = self.code.co_names[arg]
        if name in self.globals:
            self.push(self.globals[name])
        else:
            self.push(self._builtin(name))

    def op_STORE_GLOBAL(self, arg, offset):
        self.globals[self.code.co_names[arg]] = self.pop()

    def op_DELETE_GLOBAL(self, arg, offset):
        del self.globals[self.code.co_names[arg]]

    def op_LOAD_ATTR(self, arg, offset):
        self.stack[-1] = getattr(self.stack[-1], self.code.co_names[arg])

    def op_STORE_ATTR(self, arg, offset):
        value, obj = self.popn(2)
        setattr(obj, self.code.co_names[arg], value)

    def op_DELETE_ATTR(self, arg, offset):
        delattr(self.pop(), self.code.co_names[arg])

    def op_LOAD_METHOD(self, arg, offset):
        obj = self.pop()
        self.push(getattr(obj, self.code.co_names[arg]))
        self.push(NULL)

    # calls and functions
    def op_CALL(self, arg, offset):
        args = self.popn(arg)
        func = self.pop()
        self.push(func(*args))

    def op_CALL_METHOD(self, arg, offset):
        args = self.popn(arg)
        self_or_null = self.pop()
        func = self.pop()
        if self_or_null is not NULL:
            args.insert(0, self_or_null)
        self.push(func(*args))

    def op_CALL_KW(self, arg, offset):
        names = self.pop()
        args = self.popn(arg)
        func = self.pop()
        count = len(args) - len(names)
        kwargs = dict(zip(names, args[count:]))
        self.push(func(*args[:count], **kwargs))

    def op_CALL_FUNCTION_EX(self, arg, offset):
        kwargs = self.pop() if arg & 1 else {}
        args = self.pop()
        func = self.pop()
        self.push(func(*args, **kwargs))

    def op_MAKE_FUNCTION(self, arg, offset):
        code = self.pop()
        closure = self.pop() if arg & ops.MAKE_CLOSURE else None
        annotations = None
        if arg & ops.MAKE_ANNOTATIONS:
            flat = self.pop()
            annotations = dict(zip(flat[::2], flat[1::2]))
        kwdefaults = self.pop() if arg & ops.MAKE_KWDEFAULTS else None
        defaults = self.pop() if arg & ops.MAKE_DEFAULTS else None
        self.push(
            VMFunction(
                self.vm, code, self.globals, defaults, kwdefaults, annotations, closure
            )
        )

    def op_LOAD_BUILD_CLASS(self, arg, offset):
        self.push(self.vm.build_class)

    def op_SETUP_ANNOTATIONS(self, arg, offset):
        if "__annotations__" not in self.locals:
            self.locals["__annotations__"] = {}

    def op_LOAD_ASSERTION_ERROR(self, arg, offset):
        self.push(AssertionError)

    def op_PRINT_EXPR(self, arg, offset):
        value = self.pop()
        if value is not None:
            self.vm.printed.append(repr(value))

    # containers
    def op_BUILD_TUPLE(self, arg, offset):
        self.push(tuple(self.popn(arg)))

    def op_BUILD_LIST(self, arg, offset):
        self.push(self.popn(arg))

    def op_BUILD_SET(self, arg, offset):
        self.push(set(self.popn(arg)))

    def op_BUILD_MAP(self, arg, offset):
        items = self.popn(2 * arg)
        self.push(dict(zip(items[::2], items[1::2])))

    def op_BUILD_CONST_KEY_MAP(self, arg, offset):
        keys = self.pop()
        self.push(dict(zip(keys, self.popn(arg))))

    def op_BUILD_STRING(self, arg, offset):
        self.push("".join(self.popn(arg)))

    def op_BUILD_SLICE(self, arg, offset):
        self.push(slice(*self.popn(arg)))

    def op_LIST_APPEND(self, arg, offset):
        value = self.pop()
        self.stack[-arg].append(value)

    def op_SET_ADD(self, arg, offset):
        value = self.pop()
        self.stack[-arg].add(value)

    def op_MAP_ADD(self, arg, offset):
        key, value = self.popn(2)
        self.stack[-arg][key] = value

    def op_LIST_EXTEND(self, arg, offset):
        value = self.pop()
        self.stack[-arg].extend(value)

    def op_SET_UPDATE(self, arg, offset):
        value = self.pop()
        self.stack[-arg].update(value)

    def op_DICT_UPDATE(self, arg, offset):
        value = self.pop()
        self.stack[-arg].update(value)

    def op_DICT_MERGE(self, arg, offset):
        value = self.pop()
        target = self.stack[-arg]
        for key in value.keys():
            if key in target:
                raise TypeError("got multiple values for keyword argument '%s'" % key)
            target[key] = value[key]

    def op_LIST_TO_TUPLE(self, arg, offset):
        self.stack[-1] = tuple(self.stack[-1])

    def op_FORMAT_VALUE(self, arg, offset):
        spec = self.pop() if arg & ops.FVS_HAVE_SPEC else ""
        value = self.pop()
        conversion = arg & ops.FVC_MASK
        if conversion == ops.FVC_STR:
            value = str(value)
        elif conversion == ops.FVC_REPR:
            value = repr(value)
        elif conversion == ops.FVC_ASCII:
            value = ascii(value)
        self.push(format(value, spec))

    def op_UNPACK_SEQUENCE(self, arg, offset):
        items = list(self.pop())
        if len(items) != arg:
            raise ValueError("expected %d values to unpack, got %d" % (arg, len(items)))
        self.stack.extend(reversed(items))

    def op_UNPACK_EX(self, arg, offset):
        before = arg & 0xFF
        after = arg >> 8
        items = list(self.pop())
        if len(items) < before + after:
            raise ValueError("not enough values to unpack")
        middle = items[before : len(items) - after]
        result = items[:before] + [middle] + items[len(items) - after :]
        self.stack.extend(reversed(result))

    # control flow
    def op_JUMP(self, arg, offset):
        self.pc = arg

    def op_POP_JUMP_IF_FALSE(self, arg, offset):
        if not self.pop():
            self.pc = arg

    def op_POP_JUMP_IF_TRUE(self, arg, offset):
        if self.pop():
            self.pc = arg

    def op_POP_JUMP_IF_NONE(self, arg, offset):
        if self.pop() is None:
            self.pc = arg

    def op_POP_JUMP_IF_NOT_NONE(self, arg, offset):
        if self.pop() is not None:
            self.pc = arg

    def op_JUMP_IF_FALSE_OR_POP(self, arg, offset):
        if not self.stack[-1]:
            self.pc = arg
        else:
            self.pop()

    def op_JUMP_IF_TRUE_OR_POP(self, arg, offset):
        if self.stack[-1]:
            self.pc = arg
        else:
            self.pop()

    def op_GET_ITER(self, arg, offset):
        self.stack[-1] = iter(self.stack[-1])

    def op_FOR_ITER(self, arg, offset):
        try:
            value = next(self.stack[-1])
        except StopIteration:
            self.pop()
            self.pc = arg
            return
        self.push(value)

    # exceptions
    def op_RAISE_VARARGS(self, arg, offset):
        if arg == 0:
            exc = self.vm.current_exception
            if exc is None:
                raise RuntimeError("No active exception to reraise")
            raise exc
        cause = self.pop() if arg == 2 else None
        exc = self.pop()
        if isinstance(exc, type):
            exc = exc()
        if arg == 2:
            if isinstance(cause, type):
                cause = cause()
            exc.__cause__ = cause
        raise exc

    def op_RERAISE(self, arg, offset):
        exc = self.pop()
        raise exc

    def op_PUSH_EXC_INFO(self, arg, offset):
        exc = self.pop()
        self.push(self.vm.current_exception)
        self.vm.current_exception = exc
        self.push(exc)

    def op_POP_EXCEPT(self, arg, offset):
        self.vm.current_exception = self.pop()

    def op_CHECK_EXC_MATCH(self, arg, offset):
        match_type = self.pop()
        self.push(isinstance(self.stack[-1], match_type))

    def op_CHECK_EG_MATCH(self, arg, offset):
        match_type = self.pop()
        exc = self.pop()
        if isinstance(exc, BaseExceptionGroup):
            match, rest = exc.split(match_type)
        elif isinstance(exc, match_type):
            match, rest = BaseExceptionGroup("", [exc]), None
        else:
            match, rest = None, exc
        self.push(rest)
        self.push(match)

    def op_PREP_RERAISE_STAR(self, arg, offset):
        raised_list = self.pop()
        orig = self.pop()
        exceptions = [e for e in raised_list if e is not None]
        if not exceptions:
            self.push(None)
            return
        leaves = set()

        def collect(e):
            if isinstance(e, BaseExceptionGroup):
                for sub in e.exceptions:
                    collect(sub)
            else:
                leaves.add(id(e))

        reraised_leaves = set()
        raised = []
        orig_leaves = set()
        collect(orig)
        orig_leaves, leaves = leaves, set()
        for e in exceptions:
            collect(e)
            if leaves <= orig_leaves:
                reraised_leaves |= leaves
            else:
                raised.append(e)
            leaves = set()
        reraised = None
        if reraised_leaves:
            if isinstance(orig, BaseExceptionGroup):
                reraised = orig.split(lambda leaf: id(leaf) in reraised_leaves)[0]
            else:
                reraised = orig
        if not raised:
            self.push(reraised)
            return
        if reraised is not None:
            raised.append(reraised)
        if len(raised) == 1:
            self.push(raised[0])
        else:
            self.push(BaseExceptionGroup("", raised))

    def op_BEFORE_WITH(self, arg, offset):
        manager = self.pop()
        exit_method = type(manager).__exit__.__get__(manager)
        enter = type(manager).__enter__
        self.push(exit_method)
        self.push(enter(manager))

    def op_WITH_EXCEPT_START(self, arg, offset):
        exc = self.stack[-1]
        exit_method = self.stack[-4]
        self.push(exit_method(type(exc), exc, exc.__traceback__))

    # generators
    def op_YIELD_VALUE(self, arg, offset):
        self.yield_offset = offset
        return ("yield", self.pop())

    def op_GET_YIELD_FROM_ITER(self, arg, offset):
        value = self.stack[-1]
        if not isinstance(value, (VMGenerator, types.GeneratorType)):
            self.stack[-1] = iter(value)

    def op_YIELD_FROM(self, arg, offset):
        sent = self.pop()
        iterator = self.stack[-1]
        try:
            if sent is None:
                value = next(iterator)
            else:
                value = iterator.send(sent)
        except StopIteration as e:
            self.stack[-1] = e.value
            return None
        # stay on this instruction: resuming pushes the next sent value
        self.pc = offset
        self.yield_offset = offset
        return ("yield", value)

    def op_GET_AITER(self, arg, offset):
        obj = self.stack[-1]
        self.stack[-1] = type(obj).__aiter__(obj)

    def op_GET_ANEXT(self, arg, offset):
        aiter = self.stack[-1]
        awaitable = type(aiter).__anext__(aiter)
        if not isinstance(awaitable, VMCoroutine):
            awaitable = type(awaitable).__await__(awaitable)
        self.push(awaitable)

    def op_END_ASYNC_FOR(self, arg, offset):
        exc = self.pop()
        self.pop()
        if not isinstance(exc, StopAsyncIteration):
            raise exc

    def op_BEFORE_ASYNC_WITH(self, arg, offset):
        manager = self.pop()
        self.push(type(manager).__aexit__.__get__(manager))
        self.push(type(manager).__aenter__(manager))

    def op_GET_AWAITABLE(self, arg, offset):
        value = self.stack[-1]
        if isinstance(value, VMCoroutine):
            return
        self.stack[-1] = type(value).__await__(value)

    # imports
    def op_IMPORT_NAME(self, arg, offset):
        level, fromlist = self.popn(2)
        name = self.code.co_names[arg]
        self.push(__import__(name, self.globals, self.locals, fromlist, level))

    def op_IMPORT_FROM(self, arg, offset):
        self.push(getattr(self.stack[-1], self.code.co_names[arg]))

    def op_IMPORT_STAR(self, arg, offset):
        module = self.pop()
        names = getattr(module, "__all__", None)
        if names is None:
            names = [n for n in dir(module) if not n.startswith("_")]
        for name in names:
            self.locals[name] = getattr(module, name)

    # pattern matching
    def op_MATCH_MAPPING(self, arg, offset):
        self.push(isinstance(self.stack[-1], collections.abc.Mapping))

    def op_MATCH_SEQUENCE(self, arg, offset):
        subject = self.stack[-1]
        self.push(
            isinstance(subject, collections.abc.Sequence)
            and not isinstance(subject, (str, bytes, bytearray))
        )

    def op_GET_LEN(self, arg, offset):
        self.push(len(self.stack[-1]))

    def op_MATCH_KEYS(self, arg, offset):
        keys = self.stack[-1]
        subject = self.stack[-2]
        values = []
        missing = object()
        for key in keys:
            value = subject.get(key, missing)
            if value is missing:
                self.push(None)
                return
            values.append(value)
        self.push(tuple(values))

    def op_MATCH_CLASS(self, arg, offset):
        subject, cls, names = self.popn(3)
        if not isinstance(subject, cls):
            self.push(None)
            return
        values = []
        if arg:
            match_args = getattr(cls, "__match_args__", None)
            if match_args is None:
                if arg == 1 and cls in (
                    int,
                    str,
                    float,
                    bytes,
                    list,
                    tuple,
                    dict,
                    set,
                    bool,
                    frozenset,
                    bytearray,
                ):
                    values.append(subject)
                    match_args = ()
                else:
                    raise TypeError(
                        "%s() accepts 0 positional sub-patterns" % cls.__name__
                    )
            else:
                for name in match_args[:arg]:
                    if not hasattr(subject, name):
                        self.push(None)
                        return
                    values.append(getattr(subject, name))
        for name in names:
            if not hasattr(subject, name):
                self.push(None)
                return
            values.append(getattr(subject, name))
        self.push(tuple(values))


class VM(object):
    def __init__(self):
        self.frames = []
        self.current_exception = None
        self.printed = []
        self._decoded = {}
        self.builtins = dict(builtins.__dict__)
        self.builtins["super"] = self.zero_arg_super

    def decoded(self, code):
        key = id(code)
        if key not in self._decoded:
            self._decoded[key] = (code, decode(code))
        return self._decoded[key][1]

    def zero_arg_super(self, *args):
        if args:
            return super(*args)
        frame = self.frames[-1]
        code = frame.code
        first = frame.fast[0]
        if first is NULL and code.co_cell2arg and code.co_cell2arg[0] == 0:
            first = frame.cells[0].cell_contents
        index = (code.co_cellvars + code.co_freevars).index("__class__")
        return super(frame.cells[index].cell_contents, first)

    def build_class(self, func, name, *bases, **kwds):
        resolved = types.resolve_bases(bases)
        meta, namespace, kwds = types.prepare_class(name, resolved, kwds)
        frame = Frame(
            self, func.__code__, func.__globals__, namespace, func.__closure__
        )
        cell = frame.run_to_end()
        if resolved is not bases:
            namespace["__orig_bases__"] = bases
        cls = meta(name, resolved, namespace, **kwds)
        if isinstance(cell, types.CellType):
            cell.cell_contents = cls
        return cls

    def run_module(self, code, namespace=None):
        if namespace is None:
            namespace = {"__name__": "__vmtest__"}
        namespace.setdefault("__builtins__", self.builtins)
        frame = Frame(self, code, namespace, namespace, None)
        frame.run_to_end()
        return namespace
