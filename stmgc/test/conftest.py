"""Fixtures for the stmgc tests: a fresh library session per test."""

import pytest

from stmgc.test.support import STM


@pytest.fixture(params=[2, 4], ids=["seg2", "seg4"])
def stm(request):
    s = STM(request.param)
    yield s
    s.close()


@pytest.fixture
def stm2():
    s = STM(2)
    yield s
    s.close()
