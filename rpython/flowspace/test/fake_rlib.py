"""Stand-ins named like rlib's helpers, so flowspace tests do not depend on
rlib being present (the builder recognises them by name and module)."""


def we_are_translated():
    return False


def ovfcheck(x):
    if not (-(2**63) <= x < 2**63):
        raise OverflowError
    return x
