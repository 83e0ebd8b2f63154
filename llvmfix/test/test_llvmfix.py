"""The llvmfix checks: every installed compiler keeps %gs on segment accesses.

Each pattern is built at -O0 and -O2 with the shared flags, its assembly is
inspected, and it runs in two threads with different %gs bases.  The detector
tests build the same programs with plain pointers and expect both detectors
(assembly and run time) to fire.
"""

import shutil

import pytest

from llvmfix import checks, flags

COMPILERS = ["gcc", "clang"]
OPTS = ["-O0", "-O2"]


def need(cc):
    if not shutil.which(cc):
        pytest.skip("%s is not installed (make installs it when root)" % cc)


def judge(cc, opt, pattern, **kw):
    res = checks.check(cc, opt, pattern, **kw)
    if res["status"] == "skip":
        pytest.skip("kernel refused arch_prctl/mmap: %s" % res["detail"])
    return res


@pytest.mark.parametrize("pattern", checks.REQUIRED_PATTERNS)
@pytest.mark.parametrize("opt", OPTS)
@pytest.mark.parametrize("cc", COMPILERS)
def test_required_pattern_is_safe(cc, opt, pattern):
    need(cc)
    res = judge(cc, opt, pattern)
    assert res["status"] == "ok", res


@pytest.mark.parametrize("pattern", checks.REFUSABLE_PATTERNS)
@pytest.mark.parametrize("opt", OPTS)
@pytest.mark.parametrize("cc", COMPILERS)
def test_refusable_pattern_is_safe_or_refused_loudly(cc, opt, pattern):
    need(cc)
    res = judge(cc, opt, pattern)
    assert res["status"] in ("ok", "refused"), res
    if res["status"] == "refused":
        assert "error" in res["detail"]


@pytest.mark.parametrize("pattern", ["zero_loop", "pointer_store", "vectorize"])
@pytest.mark.parametrize("opt", OPTS)
@pytest.mark.parametrize("cc", COMPILERS)
def test_detectors_fire_when_prefix_is_dropped(cc, opt, pattern):
    """Plain pointers instead of segment pointers: both detectors must fire."""
    need(cc)
    source = checks.pattern_path(pattern)
    asm = checks.compile_asm(cc, opt, source, plain=True)
    problems = checks.inspect_asm(asm)
    assert problems, "assembly inspection missed plain accesses"
    assert any("without %gs" in why for _, _, why in problems)
    code, out = checks.run_pattern(cc, opt, source, plain=True)
    if code == checks.SKIP_STATUS:
        pytest.skip(out)
    assert code == 1, out
    assert "FAIL" in out and "lost %gs prefix" in out


def test_clang_without_flags_forms_memset():
    """Why SEG_CFLAGS_CLANG has -fno-builtin (README findings): without it,
    clang 14 turns the zeroing loop into a memset it cannot lower."""
    need("clang")
    res = judge("clang", "-O2", "zero_loop", extra_flags=[])
    if res["status"] == "ok":
        pytest.fail("clang no longer needs -fno-builtin: update segflags.mk/README")
    assert res["status"] == "refused"
    assert "memory intrinsic" in res["detail"]


# --- the inspector on hand-written assembly ---------------------------------------

ASM_HEAD = "\t.text\n\t.globl\t{0}\n\t.type\t{0}, @function\n{0}:\n\t.cfi_startproc\n"
ASM_TAIL = "\tret\n\t.cfi_endproc\n\t.size\t{0}, .-{0}\n"


def asm_of(body, name="seg_f"):
    return ASM_HEAD.format(name) + body + ASM_TAIL.format(name)


@pytest.mark.parametrize(
    "body, reason",
    [
        ("\tmovq\t%rsi, (%rdi)\n", "without %gs"),
        ("\tmovl\t1048576, %eax\n", "absolute memory access"),
        ("\tcall\tmemset@PLT\n", "call to memset"),
        ("\tjmp\tmemcpy@PLT\n", "call to memcpy"),
        ("\trep stosq\n", "string instruction"),
        ("\tmovq\t%fs:8(%rdi), %rax\n", "segment override"),
        ("\tmovups\t%xmm0, 16(%rdi,%rax,8)\n", "without %gs"),
        # %rbp is a general register when the function sets up no frame
        ("\tmovq\t(%rbp), %rax\n", "without %gs"),
        # a register that held a static table address was overwritten
        (
            "\tleaq\ttable(%rip), %rax\n\tmovq\t%rdi, %rax\n\tmovq\t(%rax), %rdx\n",
            "without %gs",
        ),
    ],
)
def test_inspector_flags(body, reason):
    problems = checks.inspect_asm(asm_of(body))
    assert problems and reason in problems[0][2], problems


@pytest.mark.parametrize(
    "body",
    [
        "\tmovq\t%rsi, %gs:(%rdi)\n",
        "\tmovq\t%gs:1048576, %rax\n",
        "\tmovq\t-8(%rsp), %rax\n",
        "\tpushq\t%rbp\n\tmovq\t%rsp, %rbp\n\tmovq\t-8(%rbp), %rax\n",
        "\tmovq\ttable(%rip), %rax\n",
        "\tleaq\ttable(%rip), %rax\n\tmovq\t(%rax,%rdi,8), %rax\n",
        "\tleaq\t8(%rdi), %rax\n\tnopw\t0(%rax,%rax,1)\n",
        "\tcall\tseg_other\n\tjmp\t.L3\n",
        "\tvmovdqu\t%ymm0, %gs:32(%rdi,%rax)\n",
    ],
)
def test_inspector_accepts(body):
    assert checks.inspect_asm(asm_of(body)) == []


def test_inspector_ignores_normal_functions_but_needs_seg_ones():
    normal = asm_of("\tmovq\t%rsi, (%rdi)\n", name="pattern_check")
    with pytest.raises(ValueError):
        checks.inspect_asm(normal)
    both = normal + asm_of("\tmovq\t%rsi, %gs:(%rdi)\n")
    assert checks.inspect_asm(both) == []


def test_shared_flags_file():
    assert flags.seg_cflags("gcc") == []
    assert flags.seg_cflags("/usr/bin/clang-14") == ["-fno-builtin"]
    assert flags.seg_cflags("cc") == flags.seg_cflags("gcc")
