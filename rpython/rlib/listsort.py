"""TimSort: a stable, run-adaptive merge sort for RPython lists.

    class MySort(TimSort):
        def lt(self, a, b):
            return a.key < b.key
    MySort(lst).sort()

``lt`` must be a strict weak order; equal items keep their relative order.
The list is split into natural runs (descending runs are reversed, short
runs are extended to ``minrun`` by binary insertion); runs are kept on a
stack whose lengths satisfy TimSort's invariants, and adjacent runs are
merged after trimming the parts that are already in place (found by
galloping).  ``make_timsort_class(lt)`` builds a subclass from a function.
"""

MIN_GALLOP = 7


def _minrun(n):
    """TimSort's minimum run length for a list of n items (32..64)."""
    r = 0
    while n >= 64:
        r |= n & 1
        n >>= 1
    return n + r


class TimSort:
    """Sorts ``list`` in place with ``self.lt``; ``listlength`` limits the sort
    to a prefix."""

    def __init__(self, list, listlength=-1):
        self.list = list
        if listlength < 0:
            listlength = len(list)
        self.listlength = listlength
        self.run_base = []
        self.run_len = []

    def lt(self, a, b):
        return a < b

    def le(self, a, b):
        return not self.lt(b, a)

    # -- runs -----------------------------------------------------------

    def _count_run(self, lo, hi):
        """Length of the run starting at lo; a strictly descending run is
        reversed in place (strictness keeps the sort stable)."""
        lst = self.list
        if lo + 1 == hi:
            return 1
        n = 2
        if self.lt(lst[lo + 1], lst[lo]):
            while lo + n < hi and self.lt(lst[lo + n], lst[lo + n - 1]):
                n += 1
            self._reverse(lo, lo + n)
        else:
            while lo + n < hi and not self.lt(lst[lo + n], lst[lo + n - 1]):
                n += 1
        return n

    def _reverse(self, lo, hi):
        lst = self.list
        hi -= 1
        while lo < hi:
            lst[lo], lst[hi] = lst[hi], lst[lo]
            lo += 1
            hi -= 1

    def _binary_insertion(self, lo, hi, start):
        """Sort lst[lo:hi] knowing that lst[lo:start] is sorted."""
        lst = self.list
        while start < hi:
            pivot = lst[start]
            left = lo
            right = start
            while left < right:
                mid = (left + right) >> 1
                if self.lt(pivot, lst[mid]):
                    right = mid
                else:
                    left = mid + 1
            p = start
            while p > left:
                lst[p] = lst[p - 1]
                p -= 1
            lst[left] = pivot
            start += 1

    # -- galloping --------------------------------------------------------

    def _gallop_right(self, key, base, n):
        """Index in [0, n] after the last item of lst[base:base+n] <= key."""
        lst = self.list
        lo = 0
        hi = 1
        while hi <= n and not self.lt(key, lst[base + hi - 1]):
            lo = hi
            hi = (hi << 1) + 1
        if hi > n:
            hi = n
        # lst[base+lo-1] <= key < lst[base+hi] (hi may be n)
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.lt(key, lst[base + mid]):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _gallop_left(self, key, base, n):
        """Index in [0, n] of the first item of lst[base:base+n] >= key,
        searching from the right end."""
        lst = self.list
        step = 1
        # exponential search from the right for the boundary
        lo = n
        while step <= n and not self.lt(lst[base + n - step], key):
            lo = n - step
            step = (step << 1) + 1
        low_bound = n - step
        if low_bound < 0:
            low_bound = 0
        hi = lo
        lo = low_bound
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.lt(lst[base + mid], key):
                lo = mid + 1
            else:
                hi = mid
        return lo

    # -- merging ----------------------------------------------------------

    def _merge_at(self, i):
        base_a = self.run_base[i]
        len_a = self.run_len[i]
        base_b = self.run_base[i + 1]
        len_b = self.run_len[i + 1]
        self.run_len[i] = len_a + len_b
        del self.run_base[i + 1]
        del self.run_len[i + 1]
        lst = self.list
        # items of A already <= B[0] stay in place
        k = self._gallop_right(lst[base_b], base_a, len_a)
        base_a += k
        len_a -= k
        if len_a == 0:
            return
        # items of B already >= A[-1] stay in place
        len_b = self._gallop_left(lst[base_a + len_a - 1], base_b, len_b)
        if len_b == 0:
            return
        self._merge(base_a, len_a, base_b, len_b)

    def _merge(self, base_a, len_a, base_b, len_b):
        """Merge adjacent sorted runs A and B (stable: ties come from A)."""
        lst = self.list
        a = lst[base_a : base_a + len_a]
        i = 0
        j = base_b
        end_b = base_b + len_b
        dest = base_a
        while i < len_a and j < end_b:
            if self.lt(lst[j], a[i]):
                lst[dest] = lst[j]
                j += 1
            else:
                lst[dest] = a[i]
                i += 1
            dest += 1
        while i < len_a:
            lst[dest] = a[i]
            i += 1
            dest += 1

    def _merge_collapse(self):
        while len(self.run_len) > 1:
            n = len(self.run_len) - 2
            rl = self.run_len
            if (n > 0 and rl[n - 1] <= rl[n] + rl[n + 1]) or (
                n > 1 and rl[n - 2] <= rl[n - 1] + rl[n]
            ):
                if rl[n - 1] < rl[n + 1]:
                    n -= 1
                self._merge_at(n)
            elif rl[n] <= rl[n + 1]:
                self._merge_at(n)
            else:
                break

    def _merge_force_collapse(self):
        while len(self.run_len) > 1:
            n = len(self.run_len) - 2
            if n > 0 and self.run_len[n - 1] < self.run_len[n + 1]:
                n -= 1
            self._merge_at(n)

    def sort(self):
        n = self.listlength
        if n < 2:
            return
        minrun = _minrun(n)
        lo = 0
        while lo < n:
            run = self._count_run(lo, n)
            if run < minrun:
                force = minrun
                if force > n - lo:
                    force = n - lo
                self._binary_insertion(lo, lo + force, lo + run)
                run = force
            self.run_base.append(lo)
            self.run_len.append(run)
            self._merge_collapse()
            lo += run
        self._merge_force_collapse()
        assert len(self.run_len) == 1 and self.run_len[0] == n


def make_timsort_class(lt=None):
    """A TimSort subclass using the function ``lt(a, b)`` (import time only)."""
    if lt is None:
        return TimSort

    class CustomTimSort(TimSort):
        def lt(self, a, b):
            return lt(a, b)

    return CustomTimSort
