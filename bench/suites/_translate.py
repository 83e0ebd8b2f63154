"""Shared helpers of the suites that translate RPython targets.

``rpython_command(ctx)`` returns the argv prefix of the toolchain or None when
``rpython/bin/rpython`` does not exist yet; ``build_dir(ctx, *parts)`` a
scratch folder under build/bench/.
"""

import os
import sys


def rpython_command(ctx):
    script = os.path.join(ctx.root, "rpython", "bin", "rpython")
    if not os.path.isfile(script):
        return None
    return [sys.executable, script]


def build_dir(ctx, *parts):
    path = os.path.join(ctx.root, "build", "bench", *parts)
    os.makedirs(path, exist_ok=True)
    return path
