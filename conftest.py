"""Project-wide pytest configuration.

- ``--slow`` enables tests marked ``@pytest.mark.slow`` (long suites).
- Hypothesis profiles: ``ci`` (derandomized, the default, so runs are
  reproducible), ``random`` (fresh random examples: set HYPOTHESIS_PROFILE=random
  when hunting bugs) and ``slow`` (ten times more examples, used with --slow).
"""

import os

import pytest

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis is installed by `make`; tolerate bare hosts
    settings = None

if settings is not None:
    _common = dict(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
    settings.register_profile("ci", derandomize=True, database=None, **_common)
    settings.register_profile("random", **_common)
    settings.register_profile("slow", derandomize=False, **_common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser):
    parser.addoption(
        "--slow", action="store_true", default=False, help="run slow tests too"
    )


def pytest_configure(config):
    if config.getoption("--slow") and settings is not None:
        if "HYPOTHESIS_PROFILE" not in os.environ:
            settings.load_profile("slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
