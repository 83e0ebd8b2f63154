"""Find the test suites of the repository.

A suite is a folder that pytest runs as one subprocess:

- every folder named ``test`` below a top-level package is its own suite, named
  by its path relative to the root (``rpython/flowspace/test``); folders below a
  ``test`` folder belong to it;
- test files of a top-level package that live outside any ``test`` folder form
  the package suite, named after the package (``rpython``).

Discovery is generic on purpose: other areas add suites all the time, so nothing
here lists them.  A folder without test files is simply not a suite.
"""

import os

# Top-level packages in the order the summary shows them.
PACKAGES = (
    "rpython",
    "pypy",
    "stmgc",
    "llvmfix",
    "testrunner",
    "bench",
    "lib_pypy",
)

# Folders never searched: build output, caches, virtualenvs.
_SKIP_DIRS = {"__pycache__", "build", "cache", "node_modules", "results"}


class Suite:
    """One pytest invocation: ``name`` for display, ``paths`` handed to pytest."""

    def __init__(self, name, paths, weight):
        self.name = name
        self.paths = paths  # relative to the root
        self.weight = weight  # number of test files, used to start big suites first

    def __repr__(self):
        return "Suite(%r, %r)" % (self.name, self.paths)


def is_test_file(filename):
    return filename.endswith(".py") and (
        filename.startswith("test_") or filename.endswith("_test.py")
    )


def _walk(top):
    """os.walk without hidden folders, caches and build output, sorted."""
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS
        )
        yield dirpath, dirnames, sorted(filenames)


def _count_test_files(top):
    return sum(
        1 for _, _, filenames in _walk(top) for f in filenames if is_test_file(f)
    )


def discover(root, packages=PACKAGES):
    """Return the list of suites below ``root``, in a stable order."""
    suites = []
    for package in packages:
        pkg_dir = os.path.join(root, package)
        if not os.path.isdir(pkg_dir):
            continue
        loose_files = []
        for dirpath, dirnames, filenames in _walk(pkg_dir):
            if os.path.basename(dirpath) == "test":
                rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
                weight = _count_test_files(dirpath)
                if weight:
                    suites.append(Suite(rel, [rel], weight))
                dirnames[:] = []  # sub-folders belong to this suite
                continue
            for f in filenames:
                if is_test_file(f):
                    rel = os.path.relpath(os.path.join(dirpath, f), root)
                    loose_files.append(rel.replace(os.sep, "/"))
        if loose_files:
            suites.append(Suite(package, loose_files, len(loose_files)))
    return suites


def select(suites, names):
    """Keep the suites matching ``names``.

    A name matches a suite with exactly that name, or every suite below it when
    it is a folder prefix: ``rpython`` selects all of rpython's suites,
    ``rpython/flowspace`` the ones below that folder.  Unknown names raise
    ValueError with the list of known suites.
    """
    if not names:
        return list(suites)
    chosen = []
    for raw in names:
        name = raw.strip().rstrip("/").replace(os.sep, "/")
        if name.startswith("./"):
            name = name[2:]
        hits = [s for s in suites if s.name == name or s.name.startswith(name + "/")]
        if not hits:
            known = ", ".join(s.name for s in suites) or "(none)"
            raise ValueError("no suite named %r; known suites: %s" % (raw, known))
        for s in hits:
            if s not in chosen:
                chosen.append(s)
    return chosen
