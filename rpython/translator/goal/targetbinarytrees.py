"""binary-trees: the allocation benchmark (from the Computer Language
Benchmarks Game, written here for RPython).

Builds many short-lived complete binary trees and one long-lived tree, and
checks them by counting nodes.  Usage: binarytrees-c [max_depth] (default 10).
"""


class Node(object):
    def __init__(self, left, right):
        self.left = left
        self.right = right


def make_tree(depth):
    if depth == 0:
        return Node(None, None)
    depth -= 1
    return Node(make_tree(depth), make_tree(depth))


def check_tree(node):
    if node.left is None:
        return 1
    return 1 + check_tree(node.left) + check_tree(node.right)


def run(max_depth):
    min_depth = 4
    if max_depth < min_depth + 2:
        max_depth = min_depth + 2
    stretch = max_depth + 1
    print(
        "stretch tree of depth %d\t check: %d"
        % (stretch, check_tree(make_tree(stretch)))
    )
    long_lived = make_tree(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + min_depth)
        check = 0
        i = 0
        while i < iterations:
            check += check_tree(make_tree(depth))
            i += 1
        print("%d\t trees of depth %d\t check: %d" % (iterations, depth, check))
        depth += 2
    print(
        "long lived tree of depth %d\t check: %d" % (max_depth, check_tree(long_lived))
    )


def entry_point(argv):
    max_depth = 10
    if len(argv) > 1:
        max_depth = int(argv[1])
    run(max_depth)
    return 0


def target(driver, args):
    return entry_point, None


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
