"""Compile, inspect and run the llvmfix check programs.

Each pattern file ``progs/pattern_<name>.c`` holds functions named ``seg_*``
that may touch memory only through segment pointers, plus the normal code that
drives and verifies them.  Two independent detectors judge a build:

- ``inspect_asm`` reads the assembly of the ``seg_*`` functions: every memory
  operand must carry ``%gs:`` unless it is the stack (``%rsp``, or ``%rbp`` in a
  function that sets up a frame pointer) or static data (RIP-relative or named
  by a symbol); calls and tail jumps to memset/memcpy/... and string
  instructions (``rep stos``, ``movs``: their destination is always ``%es``)
  are failures too.
- ``run_pattern`` links the pattern with ``progs/harness.c`` and runs it: two
  threads with different ``%gs`` bases must each find their own data, and a
  decoy mapping at the plain address must stay untouched.

A compile error is reported separately (``CompileError``): for some patterns
clang refuses loudly, which is safe; a silent wrong access never is.
"""

import os
import re
import shutil
import subprocess
import tempfile

from llvmfix.flags import seg_cflags

HERE = os.path.dirname(os.path.abspath(__file__))
PROGS = os.path.join(HERE, "progs")
HARNESS = os.path.join(PROGS, "harness.c")
BASE_CFLAGS = ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-pthread"]

# Patterns every supported compiler must build with the shared flags.
REQUIRED_PATTERNS = (
    "zero_loop",
    "copy_loop",
    "adjacent_fields",
    "ivopts",
    "vectorize",
    "pointer_store",
    "static_init",
)
# Patterns a compiler may refuse with a compile error (see the pattern files).
REFUSABLE_PATTERNS = ("struct_assign", "static_cast")
ALL_PATTERNS = REQUIRED_PATTERNS + REFUSABLE_PATTERNS

# Exit status of the harness when the kernel refuses arch_prctl or mmap.
SKIP_STATUS = 77

BLOCK_FUNCTIONS = ("memset", "memcpy", "memmove", "bzero", "__memset", "__memcpy")


class CompileError(Exception):
    """The compiler refused the program; ``str()`` is its diagnostic."""


def pattern_path(name):
    return os.path.join(PROGS, "pattern_%s.c" % name)


def available_compilers():
    """The C compilers found on PATH among gcc and clang."""
    return [cc for cc in ("gcc", "clang") if shutil.which(cc)]


def compiler_version(cc):
    try:
        out = subprocess.run(
            [cc, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        ).stdout.decode()
    except OSError:
        return "not found"
    return out.splitlines()[0] if out else "unknown"


def _flags(cc, opt, extra):
    if extra is None:
        extra = seg_cflags(cc)
    return BASE_CFLAGS + [opt] + list(extra)


def _compile(cmd):
    proc = subprocess.run(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120
    )
    if proc.returncode != 0:
        raise CompileError(proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout.decode("utf-8", "replace")


def compile_asm(cc, opt, source, extra_flags=None, plain=False):
    """Assembly text (AT&T) of ``source``; ``extra_flags`` None = shared flags."""
    cmd = [cc] + _flags(cc, opt, extra_flags) + ["-S", "-o", "-", source]
    if plain:
        cmd.insert(1, "-DPLAIN_POINTERS")
    return _compile(cmd)


def build(cc, opt, source, exe, extra_flags=None, plain=False):
    cmd = [cc] + _flags(cc, opt, extra_flags) + ["-o", exe, HARNESS, source]
    if plain:
        cmd.insert(1, "-DPLAIN_POINTERS")
    _compile(cmd)


def run_pattern(cc, opt, source, extra_flags=None, plain=False):
    """Build ``source`` with the harness and run it: (exit status, output)."""
    with tempfile.TemporaryDirectory(prefix="llvmfix-") as tmp:
        exe = os.path.join(tmp, "check")
        build(cc, opt, source, exe, extra_flags, plain)
        proc = subprocess.run(
            [exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60
        )
        return proc.returncode, proc.stdout.decode("utf-8", "replace")


# --- assembly inspection ----------------------------------------------------------

_LABEL = re.compile(r"^([A-Za-z_.$][\w.$]*):")
_SEG_FUNC = re.compile(r"^seg_\w*$")
_STRING_OPS = re.compile(r"^(rep\w*\s+)?(stos|movs|cmps|scas|lods)[bwlq]?$")


def split_functions(asm):
    """Map function name -> list of (line number, instruction text)."""
    funcs = {}
    typed = set()
    for line in asm.splitlines():
        m = re.match(r"\s*\.type\s+([\w.$]+)\s*,\s*@function", line)
        if m:
            typed.add(m.group(1))
    current = None
    for lineno, raw in enumerate(asm.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        m = _LABEL.match(line)
        if m:
            name = m.group(1)
            if name in typed:
                current = name
                funcs[current] = []
            continue
        if current is None:
            continue
        text = line.strip()
        if not text:
            continue
        if text.startswith(".size") or text == ".cfi_endproc":
            current = None
            continue
        if text.startswith("."):
            continue
        funcs[current].append((lineno, text))
    return funcs


def _split_operands(text):
    """'movq %rax, 8(%rdi,%rcx,8)' -> ('movq', ['%rax', '8(%rdi,%rcx,8)'])."""
    parts = text.split(None, 1)
    mnemonic = parts[0]
    if len(parts) == 1:
        return mnemonic, []
    ops, depth, cur = [], 0, ""
    for ch in parts[1]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            ops.append(cur.strip())
            cur = ""
        else:
            cur += ch
    ops.append(cur.strip())
    return mnemonic, ops


def _is_memory(op):
    if op.startswith("$"):
        return False  # immediate
    if op.startswith("%") and ":" not in op:
        return False  # register
    if op.startswith("*"):
        op = op[1:]
    return True


def _operand_problem(op, has_frame, static_regs=()):
    """None if the memory operand is allowed in seg_* code, else a reason.

    ``static_regs`` holds the registers known to point to static data (set by
    ``lea symbol(%rip), %reg``): indexing a static table is a normal access.
    """
    if op.startswith("*"):
        op = op[1:]
    if op.startswith("%gs:"):
        return None
    if re.match(r"^%[a-z]s:", op):
        return "segment override other than %%gs: %s" % op
    m = re.match(r"^([^(]*)\(([^)]*)\)$", op)
    if m:
        disp, inside = m.group(1), m.group(2)
        regs = [r.strip() for r in inside.split(",")]
        base = regs[0]
        if base in ("%rsp", "%esp", "%rip"):
            return None
        if base in ("%rbp", "%ebp") and has_frame:
            return None
        if any(r in static_regs for r in regs[:2]):
            return None
        if re.match(r"^[A-Za-z_.]", disp):
            return None  # static data named by a symbol
        return "memory access without %%gs: %s" % op
    if re.match(r"^[A-Za-z_.]", op):
        return None  # a symbol: static data
    return "absolute memory access without %%gs: %s" % op


def inspect_asm(asm):
    """Problems found in the seg_* functions: list of (function, line, reason).

    Raises ValueError when the text holds no seg_* function at all, so a build
    that lost them (inlining everything, renaming) cannot pass by accident.
    """
    funcs = split_functions(asm)
    seg_funcs = {n: body for n, body in funcs.items() if _SEG_FUNC.match(n)}
    if not seg_funcs:
        raise ValueError("no seg_* function found in the assembly")
    problems = []
    for name, body in sorted(seg_funcs.items()):
        has_frame = any(re.match(r"^mov[q]?\s+%rsp,\s*%rbp$", text) for _, text in body)
        static_regs = set()
        for lineno, text in body:
            mnemonic, ops = _split_operands(text)
            dest = ops[-1] if ops else ""
            if mnemonic.startswith("lea") and re.match(
                r"^[A-Za-z_.][\w.$]*\(%rip\)$", ops[0] if ops else ""
            ):
                static_regs.add(dest)
                continue
            if mnemonic in ("rep", "repz", "repnz", "repe", "repne") and ops:
                mnemonic = mnemonic + " " + ops[0]
                ops = []
            if _STRING_OPS.match(mnemonic):
                problems.append((name, lineno, "string instruction: %s" % text))
                continue
            if mnemonic.startswith("call") or mnemonic.startswith("j"):
                target = ops[0] if ops else ""
                if target.startswith(".L") or target.startswith("*"):
                    continue
                callee = target.split("@")[0]
                if _SEG_FUNC.match(callee):
                    continue
                if callee in BLOCK_FUNCTIONS:
                    reason = "call to %s (plain pointers, %%gs lost)" % callee
                else:
                    reason = "call out of segment code: %s" % callee
                problems.append((name, lineno, reason))
                continue
            if mnemonic.startswith("lea") or mnemonic.startswith("nop"):
                continue  # address arithmetic / padding, no access
            if mnemonic.startswith("prefetch"):
                continue
            for op in ops:
                if _is_memory(op):
                    why = _operand_problem(op, has_frame, static_regs)
                    if why:
                        problems.append((name, lineno, why + "  [" + text + "]"))
            if dest.startswith("%") and ":" not in dest:
                static_regs.discard(dest)  # overwritten: no longer static data
    return problems


def check(cc, opt, pattern, extra_flags=None, plain=False):
    """Judge one build: returns a dict with status and details.

    status is "ok", "refused" (compile error), "asm" (inspection problems),
    "run" (wrong data at run time), or "skip" (kernel refused arch_prctl).
    """
    source = pattern_path(pattern)
    try:
        asm = compile_asm(cc, opt, source, extra_flags, plain)
    except CompileError as e:
        return {"status": "refused", "detail": str(e)}
    problems = inspect_asm(asm)
    try:
        code, out = run_pattern(cc, opt, source, extra_flags, plain)
    except CompileError as e:
        return {"status": "refused", "detail": str(e)}
    if code == SKIP_STATUS:
        return {"status": "skip", "detail": out, "problems": problems}
    if problems:
        return {"status": "asm", "detail": out, "problems": problems}
    if code != 0:
        return {"status": "run", "detail": "exit %d: %s" % (code, out)}
    return {"status": "ok", "detail": out}
