#!/bin/sh
# The project's main job, run by `make` after the set-up.
#
# It builds and runs the most complete thing that exists. Each step checks that its
# piece exists and otherwise says so and moves on, because the parts arrive at
# different times. Each step also skips work that is already done (stamps in build/),
# so a second `make` only does what is missing.
#
#   1. llvmfix: report whether the installed C compilers keep the %gs prefix.
#   2. stmgc:   `make -C stmgc demo` (build and run the multithreaded C demos).
#   3. rpython: translate each rpython/translator/goal/target*.py and run the result.
#   4. pypy:    translate pypy-stm and run a demo script with it.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
BUILD=build/main-job
mkdir -p "$BUILD"
say() { printf 'main-job: %s\n' "$*"; }

# newer_than STAMP FILE...: true if STAMP is missing or older than any FILE.
newer_than() {
    stamp=$1; shift
    [ -f "$stamp" ] || return 0
    for f in "$@"; do
        [ -e "$f" ] || continue
        if [ -n "$(find "$f" -newer "$stamp" -print -quit)" ]; then return 0; fi
    done
    return 1
}

# 1. compiler checks -------------------------------------------------------------
if [ -f llvmfix/__main__.py ]; then
    if newer_than "$BUILD/llvmfix.stamp" llvmfix /usr/bin/gcc /usr/bin/clang; then
        say "llvmfix: checking that gcc/clang keep the %gs prefix"
        "$PY" -m llvmfix
        touch "$BUILD/llvmfix.stamp"
    else
        say "llvmfix: checks already passed (rm $BUILD/llvmfix.stamp to redo)"
    fi
else
    say "llvmfix: no checks yet, skipped"
fi

# 2. stmgc demos ---------------------------------------------------------------------
if [ -f stmgc/Makefile ] && grep -q '^demo:' stmgc/Makefile; then
    say "stmgc: make -C stmgc demo"
    make -C stmgc demo
else
    say "stmgc: no 'demo' target in stmgc/Makefile yet, skipped"
fi

# 3. example translations ------------------------------------------------------------
if [ -x rpython/bin/rpython ] || [ -f rpython/bin/rpython ]; then
    found=0
    for target in rpython/translator/goal/target*.py; do
        [ -f "$target" ] || continue
        found=1
        name=$(basename "$target" .py)
        out="$BUILD/goal/$name"
        mkdir -p "$out"
        if newer_than "$out/translated.stamp" "$target" rpython; then
            say "rpython: translating $target"
            rm -f "$out/translated.stamp"
            "$PY" rpython/bin/rpython --batch --output="$out/$name-c" "$target" \
                || { say "rpython: translating $target FAILED"; exit 1; }
            touch "$out/translated.stamp"
        else
            say "rpython: $name already translated"
        fi
        for exe in "$out"/*-c; do
            [ -x "$exe" ] || continue
            say "rpython: running $exe"
            "$exe"
        done
    done
    [ "$found" = 1 ] || say "rpython: no targets in rpython/translator/goal yet, skipped"
else
    say "rpython: rpython/bin/rpython does not exist yet, translations skipped"
fi

# 4. the interpreter -----------------------------------------------------------------
# Set SKIP_PYPY=1 to leave this long step out.
if [ "${SKIP_PYPY:-0}" = 1 ]; then
    say "pypy: SKIP_PYPY=1, skipped"
elif [ -f pypy/goal/targetpypystandalone.py ] && [ -f rpython/bin/rpython ]; then
    if newer_than pypy-stm pypy rpython stmgc lib_pypy; then
        say "pypy: translating pypy-stm (long; SKIP_PYPY=1 skips it)"
        "$PY" rpython/bin/rpython --batch --stm --output=pypy-stm \
            pypy/goal/targetpypystandalone.py \
            || { say "pypy: translating pypy-stm FAILED"; exit 1; }
    else
        say "pypy: pypy-stm is up to date"
    fi
    say "pypy: running bench/programs/demo_threads.py with pypy-stm"
    ./pypy-stm bench/programs/demo_threads.py
else
    say "pypy: pypy/goal/targetpypystandalone.py or rpython/bin/rpython missing, skipped"
fi
say "done"
