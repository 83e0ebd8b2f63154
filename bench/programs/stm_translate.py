"""The rpython command with STM barrier elision switched off (for the stm
bench suite, until the toolchain has an option for it):

    python3 bench/programs/stm_translate.py --no-elision RPYTHON-ARGS...

Without --no-elision it is exactly ``rpython/bin/rpython``.  With it, every
elision rule of rpython/translator/stm/transform.py (fresh, seen,
immutable, inevitable, local) defaults to off, so each GC read and write
keeps its barrier; the barrier report printed by the driver shows it.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def main(argv):
    from rpython.translator.main import main as rpython_main

    if argv and argv[0] == "--no-elision":
        from rpython.translator.stm import transform

        init = transform.StmOptions.__init__
        init.__defaults__ = tuple(False for _ in init.__defaults__)
        argv = argv[1:]
    return rpython_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
