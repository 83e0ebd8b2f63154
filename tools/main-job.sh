#!/bin/sh
# The project's main job, run by `make` after the set-up.
#
# It builds and runs the most complete thing that exists. Each step checks that its
# piece exists and otherwise says so and moves on, because the parts arrive at
# different times. A step whose inputs did not change since it last succeeded is
# skipped (stamps in build/main-job/), so a second `make` only does what is missing.
# A failing step is reported at once, the other steps still run, and the job exits
# 1 at the end with the list of failed steps.
#
#   1. llvmfix: check that the installed C compilers keep the %gs prefix.
#   2. stmgc:   `make -C stmgc demo` (build and run the multithreaded C demos).
#   3. rpython: translate each rpython/translator/goal/target*.py and run the result.
#   4. compiler: translate the project's parser + bytecode compiler
#               (pypy/interpreter/astcompiler/targetcompile.py) and run it on the
#               host's whole standard library, printing the summary line.
#   4b. stm:    translate the multithreaded RPython programs of
#               rpython/translator/stm/programs plain (GIL) and with --stm, run them
#               all in both builds and check the outputs are the same.
#   5. pypy:    translate pypy-stm and run a demo script with it (SKIP_PYPY=1 skips).
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
BUILD=build/main-job
mkdir -p "$BUILD"
FAILED=""
say() { printf 'main-job: %s\n' "$*"; }
fail() { say "$1 FAILED"; FAILED="$FAILED $1"; }

# stale STAMP PATH...: true if STAMP is missing or any PATH has a newer file.
stale() {
    stamp=$1; shift
    [ -f "$stamp" ] || return 0
    for f in "$@"; do
        [ -e "$f" ] || continue
        if [ -n "$(find "$f" -newer "$stamp" -not -path '*/build/*' \
                   -not -name '*.pyc' -print -quit)" ]; then
            return 0
        fi
    done
    return 1
}

# 1. compiler checks -------------------------------------------------------------
if [ -f llvmfix/__main__.py ]; then
    if stale "$BUILD/llvmfix.stamp" llvmfix /usr/bin/gcc /usr/bin/clang; then
        say "llvmfix: checking that gcc/clang keep the %gs prefix"
        if "$PY" -m llvmfix; then touch "$BUILD/llvmfix.stamp"; else fail llvmfix; fi
    else
        say "llvmfix: unchanged since the checks passed (rm $BUILD/llvmfix.stamp to redo)"
    fi
else
    say "llvmfix: no checks yet, skipped"
fi

# 2. stmgc demos ---------------------------------------------------------------------
if [ -f stmgc/Makefile ] && grep -q '^demo:' stmgc/Makefile; then
    if stale "$BUILD/stmgc-demo.stamp" stmgc llvmfix/segflags.mk; then
        say "stmgc: make -C stmgc demo"
        if make -C stmgc demo; then touch "$BUILD/stmgc-demo.stamp"; else fail stmgc-demo; fi
    else
        say "stmgc: unchanged since the demos passed (rm $BUILD/stmgc-demo.stamp to redo)"
    fi
else
    say "stmgc: no 'demo' target in stmgc/Makefile yet, skipped"
fi

# 3. example translations ------------------------------------------------------------
if [ -f rpython/bin/rpython ]; then
    found=0
    for target in rpython/translator/goal/target*.py; do
        [ -f "$target" ] || continue
        found=1
        name=$(basename "$target" .py)
        name=${name#target}
        out="$BUILD/goal/$name"
        mkdir -p "$out"
        if stale "$out/ok.stamp" "$target" rpython stmgc; then
            say "rpython: translating $target"
            rm -f "$out/ok.stamp"
            if "$PY" rpython/bin/rpython --batch --output="$out/$name-c" "$target" \
                    > "$out/log.txt" 2>&1 && [ -x "$out/$name-c" ]; then
                say "rpython: running $out/$name-c"
                if "$out/$name-c"; then touch "$out/ok.stamp"; else fail "run-$name"; fi
            else
                tail -n 8 "$out/log.txt"
                say "rpython: full log in $out/log.txt"
                fail "translate-$name"
            fi
        else
            say "rpython: $name unchanged since it translated and ran"
        fi
    done
    [ "$found" = 1 ] || say "rpython: no targets in rpython/translator/goal yet, skipped"
else
    say "rpython: rpython/bin/rpython does not exist yet, translations skipped"
fi

# 4. the parser + compiler, translated --------------------------------------------------
COMPILE_TARGET=pypy/interpreter/astcompiler/targetcompile.py
if [ -f "$COMPILE_TARGET" ] && [ -f rpython/bin/rpython ]; then
    out="$BUILD/compile"
    mkdir -p "$out"
    if stale "$out/ok.stamp" pypy/interpreter rpython; then
        say "compiler: translating $COMPILE_TARGET (a few minutes, mostly gcc)"
        rm -f "$out/ok.stamp"
        if "$PY" rpython/bin/rpython --batch --output="$out/compile-c" "$COMPILE_TARGET" \
                > "$out/log.txt" 2>&1 && [ -x "$out/compile-c" ]; then
            stdlib=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
            say "compiler: parsing and compiling every .py file of $stdlib"
            find "$stdlib" -name '*.py' -not -path '*site-packages*' | sort \
                | xargs -s 1500000 "$out/compile-c" > "$out/stdlib.txt" 2>&1
            tail -n 1 "$out/stdlib.txt"
            touch "$out/ok.stamp"
        else
            tail -n 8 "$out/log.txt"
            say "compiler: full log in $out/log.txt"
            fail translate-compiler
        fi
    else
        say "compiler: unchanged since it translated (rm $out/ok.stamp to redo)"
    fi
else
    say "compiler: $COMPILE_TARGET or rpython/bin/rpython missing, skipped"
fi

# 4b. multithreaded RPython programs, GIL build vs --stm -------------------------------
STM_TARGET=rpython/translator/stm/programs/targetstmprograms.py
if [ -f "$STM_TARGET" ] && [ -f rpython/bin/rpython ]; then
    out="$BUILD/stm-programs"
    mkdir -p "$out"
    if stale "$out/ok.stamp" rpython stmgc; then
        rm -f "$out/ok.stamp"
        ok=1
        for mode in gil stm; do
            flags=""
            [ "$mode" = stm ] && flags="--stm"
            say "stm: translating $STM_TARGET ($mode build)"
            if ! "$PY" rpython/bin/rpython --batch $flags --output="$out/programs-$mode" \
                    "$STM_TARGET" > "$out/log-$mode.txt" 2>&1; then
                tail -n 8 "$out/log-$mode.txt"
                say "stm: full log in $out/log-$mode.txt"
                fail "translate-stm-programs-$mode"
                ok=0
            fi
        done
        if [ "$ok" = 1 ]; then
            "$out/programs-gil" all > "$out/out-gil.txt" 2>&1 || ok=0
            "$out/programs-stm" all > "$out/out-stm.txt" 2>&1 || ok=0
            if [ "$ok" = 1 ] && cmp -s "$out/out-gil.txt" "$out/out-stm.txt"; then
                say "stm: all programs give the GIL build's output with --stm:"
                cat "$out/out-stm.txt"
                "$out/programs-stm" counter --stats | tail -n 6
                touch "$out/ok.stamp"
            else
                diff "$out/out-gil.txt" "$out/out-stm.txt" | head -n 20
                fail run-stm-programs
            fi
        fi
    else
        say "stm: programs unchanged since they ran (rm $out/ok.stamp to redo)"
    fi
else
    say "stm: $STM_TARGET or rpython/bin/rpython missing, skipped"
fi

# 5. the interpreter -----------------------------------------------------------------
if [ "${SKIP_PYPY:-0}" = 1 ]; then
    say "pypy: SKIP_PYPY=1, skipped"
elif [ -f pypy/goal/targetpypystandalone.py ] && [ -f rpython/bin/rpython ]; then
    if stale "$BUILD/pypy-stm.stamp" pypy rpython stmgc lib_pypy; then
        say "pypy: translating pypy-stm (long; SKIP_PYPY=1 skips it)"
        rm -f "$BUILD/pypy-stm.stamp"
        if "$PY" rpython/bin/rpython --batch --stm --output=pypy-stm \
                pypy/goal/targetpypystandalone.py > "$BUILD/pypy-stm.log" 2>&1; then
            touch "$BUILD/pypy-stm.stamp"
        else
            tail -n 8 "$BUILD/pypy-stm.log"
            say "pypy: full log in $BUILD/pypy-stm.log"
            fail translate-pypy-stm
        fi
    else
        say "pypy: pypy-stm is up to date"
    fi
    if [ -f "$BUILD/pypy-stm.stamp" ] && [ -x pypy-stm ]; then
        say "pypy: running bench/programs/threads_independent.py 2 20 with pypy-stm"
        ./pypy-stm bench/programs/threads_independent.py 2 20 || fail run-pypy-stm
    fi
else
    say "pypy: pypy/goal/targetpypystandalone.py or rpython/bin/rpython missing, skipped"
fi

if [ -n "$FAILED" ]; then
    say "done; FAILED steps:$FAILED"
    exit 1
fi
say "done"
