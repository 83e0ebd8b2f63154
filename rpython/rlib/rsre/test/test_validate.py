"""The code validator: every array the host compiler makes passes; broken
arrays give RSREError, never an IndexError or a hang in the engine."""

import random

import pytest

from rpython.rlib.rsre import core
from rpython.rlib.rsre.test.hostre import compile_code
from rpython.rlib.rsre.test.test_match import CASES
from rpython.rlib.rsre.validate import RSREError, validate


@pytest.mark.parametrize("pattern,subject", CASES)
def test_host_codes_are_valid(pattern, subject):
    code, _ = compile_code(pattern)
    validate(code)


@pytest.mark.parametrize(
    "code,message",
    [
        ([], "empty"),
        ([999], "unknown opcode"),
        ([17], "truncated"),  # LITERAL without its operand... opcode 17 is MARK
        ([16], "truncated"),
        ([13, 50, 0], "skip out of range"),
        ([19, 1], "UNTIL outside"),
        ([-1], "word out of range"),
    ],
)
def test_broken_codes(code, message):
    with pytest.raises(RSREError, match=message):
        validate(code)
    with pytest.raises(RSREError):
        core.search(code, core.StrContext("abc"))


def _run_all(code, subject):
    for func in (core.match, core.search, core.fullmatch):
        try:
            func(code, core.StrContext(subject))
        except RSREError:
            pass


def test_truncated_and_mutated_codes_never_crash():
    rng = random.Random(1234)
    for pattern, subject in CASES:
        if not isinstance(subject, str):
            continue
        code, _ = compile_code(pattern)
        for cut in range(len(code)):
            _run_all(code[:cut], subject)
        for _ in range(30):
            mutated = code[:]
            mutated[rng.randrange(len(mutated))] = rng.randrange(50)
            _run_all(mutated, subject)
