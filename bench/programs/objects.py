"""Build and walk binary trees of instances (allocation, method calls, GC).

Usage: objects.py DEPTH [ITERATIONS].  Tree sizes are checked against
2**(depth+1) - 1 and a checksum of the node values against a closed form.
"""

import sys


class Node:
    __slots__ = ("left", "right", "value")

    def __init__(self, left, right, value):
        self.left = left
        self.right = right
        self.value = value

    def count(self):
        if self.left is None:
            return 1
        return 1 + self.left.count() + self.right.count()

    def total(self):
        if self.left is None:
            return self.value
        return self.value + self.left.total() + self.right.total()


def build(depth, value):
    if depth == 0:
        return Node(None, None, value)
    return Node(build(depth - 1, 2 * value), build(depth - 1, 2 * value + 1), value)


def expected_total(depth):
    # Values are heap indices 1 .. 2**(depth+1)-1 of a complete binary tree.
    n = 2 ** (depth + 1) - 1
    return n * (n + 1) // 2


def work(depth, iterations):
    ok = True
    for _ in range(iterations):
        tree = build(depth, 1)
        if tree.count() != 2 ** (depth + 1) - 1:
            ok = False
        if tree.total() != expected_total(depth):
            ok = False
    return ok


def main(argv):
    depth = int(argv[1]) if len(argv) > 1 else 16
    iterations = int(argv[2]) if len(argv) > 2 else 4
    if not work(depth, iterations):
        print("objects: WRONG tree")
        return 1
    print("objects: %d trees of depth %d ok" % (iterations, depth))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
