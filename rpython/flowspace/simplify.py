"""Clean-up passes run on every freshly built flow graph.

The builder creates a new block at every merge point, including "merges"
of a single path, which leaves chains of blocks linked one to one.  Here:
- a block whose only exit (no exitswitch) goes to a block with no other
  entry absorbs that block (its operations and exits);
- an empty block with one plain exit is bypassed by the links entering it.
"""

from rpython.flowspace.model import Constant, Variable, mkentrymap


def _rename(mapping, v):
    if isinstance(v, Variable):
        return mapping.get(v, v)
    return v


def join_blocks(graph):
    changed = True
    while changed:
        changed = False
        entrymap = mkentrymap(graph)
        final = (graph.returnblock, graph.exceptblock)
        for block in list(graph.iterblocks()):
            if block.exitswitch is not None or len(block.exits) != 1:
                continue
            link = block.exits[0]
            target = link.target
            if target in final or target is block or len(entrymap[target]) != 1:
                continue
            if target is graph.startblock:
                continue
            mapping = dict(zip(target.inputargs, link.args))
            for op in target.operations:
                op.args = [_rename(mapping, a) for a in op.args]
                block.operations.append(op)
            block.exitswitch = _rename(mapping, target.exitswitch)
            newexits = []
            for exit in target.exits:
                exit.args = [_rename(mapping, a) for a in exit.args]
                exit.prevblock = block
                newexits.append(exit)
            block.exits = newexits
            changed = True
            break


def bypass_empty_blocks(graph):
    changed = True
    while changed:
        changed = False
        for link in list(graph.iterlinks()):
            target = link.target
            if (
                target.operations
                or target.exitswitch is not None
                or len(target.exits) != 1
                or target is graph.startblock
            ):
                continue
            if target.operations == ():
                continue  # return/except block
            nextlink = target.exits[0]
            if nextlink.target is target:
                continue  # an empty infinite loop
            mapping = dict(zip(target.inputargs, link.args))
            link.args = [_rename(mapping, a) for a in nextlink.args]
            link.target = nextlink.target
            if nextlink.lineno is not None and nextlink.target.operations == ():
                link.lineno = nextlink.lineno  # e.g. the 'return' statement
            changed = True


def remove_constant_switches(graph):
    for block in graph.iterblocks():
        if isinstance(block.exitswitch, Constant) and block.exitswitch.value in (
            True,
            False,
        ):
            for link in block.exits:
                if link.exitcase == block.exitswitch.value:
                    link.exitcase = None
                    block.exitswitch = None
                    block.exits = [link]
                    break


def simplify_graph(graph):
    remove_constant_switches(graph)
    bypass_empty_blocks(graph)
    join_blocks(graph)
