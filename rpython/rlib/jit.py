"""JIT hints.  There is no JIT yet: every hint is a no-op that translates.

The decorators only set function attributes (``_elidable_function_``,
``_jit_unroll_safe_``, ``_jit_look_inside_``...) so that a future JIT
generator can find them; value hints return their argument unchanged.
"""


def elidable(func):
    """The function is pure: same arguments, same result, no side effects."""
    func._elidable_function_ = True
    return func


def elidable_promote(promote_args="all"):
    def decorator(func):
        func._elidable_function_ = True
        func._jit_promote_args_ = promote_args
        return func

    return decorator


def purefunction(func):
    return elidable(func)


def dont_look_inside(func):
    """The JIT calls the function instead of tracing into it."""
    func._jit_look_inside_ = False
    return func


def look_inside(func):
    func._jit_look_inside_ = True
    return func


def unroll_safe(func):
    """The JIT may trace through the loops of the function."""
    func._jit_unroll_safe_ = True
    return func


def loop_invariant(func):
    func._jit_loop_invariant_ = True
    return func


def look_inside_iff(predicate):
    def decorator(func):
        func._jit_look_inside_iff_ = predicate
        return func

    return decorator


def oopspec(spec):
    def decorator(func):
        func.oopspec = spec
        return func

    return decorator


def not_in_trace(func):
    func._not_in_trace_ = True
    return func


def hint(x, **kwds):
    """A hint about ``x`` (``promote=True``, ``access_directly=True``...)."""
    return x


def promote(x):
    """Hint: specialise the trace on the run-time value of ``x``."""
    return x


def promote_string(x):
    return x


def promote_unicode(x):
    return x


def we_are_jitted():
    """True inside JIT-compiled code; always False without a JIT."""
    return False


def isconstant(x):
    return False


def isvirtual(x):
    return False


def assert_green(x):
    pass


def record_known_result(result, func, *args):
    pass


def record_exact_class(x, cls):
    pass


def conditional_call(condition, function, *args):
    """``if condition: function(*args)`` (the JIT emits it without a branch)."""
    if condition:
        function(*args)


def conditional_call_elidable(value, function, *args):
    if not value:
        value = function(*args)
    return value


def jit_debug(string, arg1=-1, arg2=-1, arg3=-1, arg4=-1):
    pass


def set_param(driver, name, value):
    pass


def set_user_param(driver, text):
    pass


class JitHintError(Exception):
    """Wrong use of a JIT hint (caught untranslated)."""


class JitDriver:
    """Declares an interpreter's main loop to the (future) JIT.

    ``greens`` are the variables that identify a position in the user's
    program, ``reds`` everything else live in the loop.  The two marker
    methods check untranslated that they are called with exactly those
    variables, by keyword.
    """

    virtualizables = []

    def __init__(
        self,
        greens=None,
        reds=None,
        virtualizables=None,
        get_printable_location=None,
        get_location=None,
        confirm_enter_jit=None,
        can_never_inline=None,
        should_unroll_one_iteration=None,
        name="jitdriver",
        check_untranslated=True,
        vectorize=False,
        is_recursive=False,
    ):
        if greens is None:
            raise JitHintError("JitDriver needs a list of greens")
        self.greens = list(greens)
        if reds == "auto":
            self.autoreds = True
            self.reds = []
        else:
            if reds is None:
                raise JitHintError("JitDriver needs a list of reds or 'auto'")
            self.autoreds = False
            self.reds = list(reds)
        for v in self.greens + self.reds:
            if "." in v:
                raise JitHintError("variable names cannot contain '.': %r" % v)
        self.virtualizables = list(virtualizables or [])
        for v in self.virtualizables:
            if v not in self.reds:
                raise JitHintError("virtualizable %r must be a red" % v)
        self.get_printable_location = get_printable_location
        self.get_location = get_location
        self.confirm_enter_jit = confirm_enter_jit
        self.can_never_inline = can_never_inline
        self.should_unroll_one_iteration = should_unroll_one_iteration
        self.name = name
        self.check_untranslated = check_untranslated
        self.is_recursive = is_recursive

    def _freeze_(self):
        return True

    def _check_arguments(self, livevars):
        if not self.check_untranslated:
            return
        expected = set(self.greens)
        if not self.autoreds:
            expected |= set(self.reds)
        if set(livevars) != expected:
            raise JitHintError(
                "%s: expected variables %s, got %s"
                % (self.name, sorted(expected), sorted(livevars))
            )

    def jit_merge_point(self, **livevars):
        """Marks the start of the interpreter's dispatch loop body."""
        self._check_arguments(livevars)

    def can_enter_jit(self, **livevars):
        """Marks a backward jump in the user's program (a possible loop)."""
        if self.autoreds:
            raise JitHintError("can_enter_jit is not allowed with reds='auto'")
        self._check_arguments(livevars)

    def loop_header(self):
        pass


class JitPolicy:
    pass


def virtual_ref(x):
    return _VirtualRef(x)


def virtual_ref_finish(vref, x):
    pass


class _VirtualRef:
    def __init__(self, x):
        self._x = x

    def __call__(self):
        return self._x


vref_None = _VirtualRef(None)
