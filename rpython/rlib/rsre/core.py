"""The regex matcher: runs CPython 3.11 `_sre` code arrays over str or bytes.

Backtracking is iterative.  Every opcode that needs to try something and
possibly come back (BRANCH, the repeats, the assertions, atomic groups) pushes
a `Frame` on an explicit linked stack, naming with `label` what to do when the
attempt returns, and the main loop then runs the callee code.  A return is a
result (0 = failure, 1 = success) handed to the top frame.  So a pattern that
backtracks a million times deep uses a million heap frames and never the C
stack.  "SUCCESS" ends either the whole pattern or a sub-pattern run by an
assertion, an atomic group or a possessive repeat; `state.end_pos` tells
where.  Groups are a flat list of marks (2*group, 2*group+1, -1 = unset);
every backtracking point keeps a copy of the list and restores it when the
attempt fails.
"""

from rpython.rlib import unicodedb
from rpython.rlib.rsre.constants import (
    AT_BEGINNING,
    AT_BEGINNING_LINE,
    AT_BEGINNING_STRING,
    AT_BOUNDARY,
    AT_END,
    AT_END_LINE,
    AT_END_STRING,
    AT_LOC_BOUNDARY,
    AT_LOC_NON_BOUNDARY,
    AT_NON_BOUNDARY,
    AT_UNI_BOUNDARY,
    AT_UNI_NON_BOUNDARY,
    CATEGORY_DIGIT,
    CATEGORY_LINEBREAK,
    CATEGORY_LOC_NOT_WORD,
    CATEGORY_LOC_WORD,
    CATEGORY_NOT_DIGIT,
    CATEGORY_NOT_LINEBREAK,
    CATEGORY_NOT_SPACE,
    CATEGORY_NOT_WORD,
    CATEGORY_SPACE,
    CATEGORY_UNI_DIGIT,
    CATEGORY_UNI_LINEBREAK,
    CATEGORY_UNI_NOT_DIGIT,
    CATEGORY_UNI_NOT_LINEBREAK,
    CATEGORY_UNI_NOT_SPACE,
    CATEGORY_UNI_NOT_WORD,
    CATEGORY_UNI_SPACE,
    CATEGORY_UNI_WORD,
    CATEGORY_WORD,
    MAXREPEAT,
    OPCODE_ANY,
    OPCODE_ANY_ALL,
    OPCODE_ASSERT,
    OPCODE_ASSERT_NOT,
    OPCODE_AT,
    OPCODE_ATOMIC_GROUP,
    OPCODE_BIGCHARSET,
    OPCODE_BRANCH,
    OPCODE_CATEGORY,
    OPCODE_CHARSET,
    OPCODE_FAILURE,
    OPCODE_GROUPREF,
    OPCODE_GROUPREF_EXISTS,
    OPCODE_GROUPREF_IGNORE,
    OPCODE_GROUPREF_LOC_IGNORE,
    OPCODE_GROUPREF_UNI_IGNORE,
    OPCODE_IN,
    OPCODE_IN_IGNORE,
    OPCODE_IN_LOC_IGNORE,
    OPCODE_IN_UNI_IGNORE,
    OPCODE_INFO,
    OPCODE_JUMP,
    OPCODE_LITERAL,
    OPCODE_LITERAL_IGNORE,
    OPCODE_LITERAL_LOC_IGNORE,
    OPCODE_LITERAL_UNI_IGNORE,
    OPCODE_MARK,
    OPCODE_MAX_UNTIL,
    OPCODE_MIN_REPEAT_ONE,
    OPCODE_MIN_UNTIL,
    OPCODE_NEGATE,
    OPCODE_NOT_LITERAL,
    OPCODE_NOT_LITERAL_IGNORE,
    OPCODE_NOT_LITERAL_LOC_IGNORE,
    OPCODE_NOT_LITERAL_UNI_IGNORE,
    OPCODE_POSSESSIVE_REPEAT,
    OPCODE_POSSESSIVE_REPEAT_ONE,
    OPCODE_RANGE,
    OPCODE_RANGE_UNI_IGNORE,
    OPCODE_REPEAT,
    OPCODE_REPEAT_ONE,
    OPCODE_SUCCESS,
    SRE_INFO_CHARSET,
    SRE_INFO_PREFIX,
)
from rpython.rlib.rsre.validate import (  # noqa: F401 (re-exported)
    RSREError,
    single_char_width,
    validate,
)


# ---------------------------------------------------------------- subjects


class Context(object):
    """The subject string: `length()` code units, `get(i)` gives one as int."""

    def length(self):
        raise NotImplementedError

    def get(self, index):
        raise NotImplementedError


class StrContext(Context):
    def __init__(self, text):
        self.text = text

    def length(self):
        return len(self.text)

    def get(self, index):
        return ord(self.text[index])


class BytesContext(Context):
    def __init__(self, data):
        self.data = data

    def length(self):
        return len(self.data)

    def get(self, index):
        return self.data[index]


class CodePointsContext(Context):
    """A subject given as a list of code points (any text representation)."""

    def __init__(self, codes):
        self.codes = codes

    def length(self):
        return len(self.codes)

    def get(self, index):
        return self.codes[index]


# ------------------------------------------------------ character classes


def is_ascii_digit(ch):
    return 48 <= ch <= 57


def is_ascii_space(ch):
    return ch == 32 or 9 <= ch <= 13


def is_ascii_alnum(ch):
    return 48 <= ch <= 57 or 65 <= ch <= 90 or 97 <= ch <= 122


def is_ascii_word(ch):
    return ch == 95 or is_ascii_alnum(ch)


def is_uni_word(ch):
    if ch < 128:
        return is_ascii_word(ch)
    return unicodedb.isalnum(ch)


def is_uni_digit(ch):
    if ch < 128:
        return is_ascii_digit(ch)
    return unicodedb.isdecimal(ch)


def is_uni_space(ch):
    if ch < 128:
        # str.isspace also counts the separators 0x1c-0x1f
        return ch == 32 or 9 <= ch <= 13 or 28 <= ch <= 31
    return unicodedb.isspace(ch)


def lower_ascii(ch):
    if 65 <= ch <= 90:
        return ch + 32
    return ch


def upper_ascii(ch):
    if 97 <= ch <= 122:
        return ch - 32
    return ch


# LOCALE patterns are matched in the "C" locale: only ASCII letters have case
# and only ASCII alphanumerics are word characters.
lower_locale = lower_ascii
upper_locale = upper_ascii
is_locale_word = is_ascii_word


def lower_unicode(ch):
    # unicodedb.tolower is the first code point of the full mapping, which is
    # exactly CPython's simple `_PyUnicode_ToLowercase` (tested for every
    # code point).
    if ch < 128:
        return lower_ascii(ch)
    return unicodedb.tolower(ch)


def upper_unicode(ch):
    if ch < 128:
        return upper_ascii(ch)
    return unicodedb.toupper(ch)


def category(code, ch):
    if code == CATEGORY_UNI_DIGIT:
        return is_uni_digit(ch)
    if code == CATEGORY_UNI_NOT_DIGIT:
        return not is_uni_digit(ch)
    if code == CATEGORY_UNI_SPACE:
        return is_uni_space(ch)
    if code == CATEGORY_UNI_NOT_SPACE:
        return not is_uni_space(ch)
    if code == CATEGORY_UNI_WORD:
        return is_uni_word(ch)
    if code == CATEGORY_UNI_NOT_WORD:
        return not is_uni_word(ch)
    if code == CATEGORY_UNI_LINEBREAK:
        return unicodedb.islinebreak(ch)
    if code == CATEGORY_UNI_NOT_LINEBREAK:
        return not unicodedb.islinebreak(ch)
    if code == CATEGORY_DIGIT:
        return is_ascii_digit(ch)
    if code == CATEGORY_NOT_DIGIT:
        return not is_ascii_digit(ch)
    if code == CATEGORY_SPACE:
        return is_ascii_space(ch)
    if code == CATEGORY_NOT_SPACE:
        return not is_ascii_space(ch)
    if code == CATEGORY_WORD:
        return is_ascii_word(ch)
    if code == CATEGORY_NOT_WORD:
        return not is_ascii_word(ch)
    if code == CATEGORY_LINEBREAK:
        return ch == 10
    if code == CATEGORY_NOT_LINEBREAK:
        return ch != 10
    if code == CATEGORY_LOC_WORD:
        return is_locale_word(ch)
    if code == CATEGORY_LOC_NOT_WORD:
        return not is_locale_word(ch)
    raise RSREError("unknown category code %d" % code)


def in_charset(code, pc, ch):
    """Is `ch` in the set starting at code[pc] (items up to FAILURE)?"""
    ok = True
    while True:
        op = code[pc]
        if op == OPCODE_FAILURE:
            return not ok
        elif op == OPCODE_LITERAL:
            if ch == code[pc + 1]:
                return ok
            pc += 2
        elif op == OPCODE_CATEGORY:
            if category(code[pc + 1], ch):
                return ok
            pc += 2
        elif op == OPCODE_CHARSET:
            # 256 bits in 8 words of 32 bits
            if ch < 256 and (code[pc + 1 + (ch >> 5)] >> (ch & 31)) & 1:
                return ok
            pc += 9
        elif op == OPCODE_RANGE:
            if code[pc + 1] <= ch <= code[pc + 2]:
                return ok
            pc += 3
        elif op == OPCODE_RANGE_UNI_IGNORE:
            if code[pc + 1] <= ch <= code[pc + 2]:
                return ok
            upper = upper_unicode(ch)
            if code[pc + 1] <= upper <= code[pc + 2]:
                return ok
            pc += 3
        elif op == OPCODE_NEGATE:
            ok = not ok
            pc += 1
        elif op == OPCODE_BIGCHARSET:
            # count, then 256 block numbers packed 4 per word (little-endian
            # bytes, as the host compiler packs them), then the 8-word blocks
            count = code[pc + 1]
            pc += 2
            if ch < 65536:
                high = ch >> 8
                block = (code[pc + (high >> 2)] >> (8 * (high & 3))) & 255
                word = code[pc + 64 + block * 8 + ((ch & 255) >> 5)]
                if (word >> (ch & 31)) & 1:
                    return ok
            pc += 64 + count * 8
        else:
            raise RSREError("unknown set item opcode %d" % op)


def match_one(code, pc, ch):
    """Does the single-character opcode at code[pc] accept `ch`?"""
    op = code[pc]
    if op == OPCODE_LITERAL:
        return ch == code[pc + 1]
    if op == OPCODE_NOT_LITERAL:
        return ch != code[pc + 1]
    if op == OPCODE_ANY:
        return ch != 10
    if op == OPCODE_ANY_ALL:
        return True
    if op == OPCODE_IN:
        return in_charset(code, pc + 2, ch)
    if op == OPCODE_LITERAL_IGNORE:
        return lower_ascii(ch) == code[pc + 1]
    if op == OPCODE_NOT_LITERAL_IGNORE:
        return lower_ascii(ch) != code[pc + 1]
    if op == OPCODE_LITERAL_UNI_IGNORE:
        return lower_unicode(ch) == code[pc + 1]
    if op == OPCODE_NOT_LITERAL_UNI_IGNORE:
        return lower_unicode(ch) != code[pc + 1]
    if op == OPCODE_LITERAL_LOC_IGNORE:
        return literal_loc_ignore(code[pc + 1], ch)
    if op == OPCODE_NOT_LITERAL_LOC_IGNORE:
        return not literal_loc_ignore(code[pc + 1], ch)
    if op == OPCODE_IN_IGNORE:
        return in_charset(code, pc + 2, lower_ascii(ch))
    if op == OPCODE_IN_UNI_IGNORE:
        return in_charset(code, pc + 2, lower_unicode(ch))
    if op == OPCODE_IN_LOC_IGNORE:
        return (
            in_charset(code, pc + 2, ch)
            or in_charset(code, pc + 2, lower_locale(ch))
            or in_charset(code, pc + 2, upper_locale(ch))
        )
    if op == OPCODE_CATEGORY:
        return category(code[pc + 1], ch)
    raise RSREError("opcode %d is not a single-character test" % op)


def literal_loc_ignore(pattern_ch, ch):
    return (
        ch == pattern_ch
        or lower_locale(ch) == pattern_ch
        or upper_locale(ch) == pattern_ch
    )


# ------------------------------------------------------------ the machine


class Repeat(object):
    """A REPEAT ... MAX_UNTIL/MIN_UNTIL loop in progress."""

    def __init__(self, pc, prev):
        self.pc = pc  # the REPEAT opcode: skip, min, max, body
        self.prev = prev
        self.count = -1
        self.last_pos = -1  # where the last body iteration started


class Frame(object):
    """A backtracking point: what to do when the attempt it started returns."""

    def __init__(self, label, parent, pc, pos, toplevel):
        self.label = label
        self.parent = parent
        self.pc = pc
        self.pos = pos
        self.toplevel = toplevel
        self.count = 0
        self.aux = 0
        self.marks = None
        self.lastmark = -1
        self.lastindex = -1
        self.repeat = None


L_BRANCH = 1
L_REPEAT_ONE = 2
L_MIN_REPEAT_ONE = 3
L_REPEAT = 4
L_UNTIL_MIN = 5
L_MAX_UNTIL_GREEDY = 6
L_UNTIL_TAIL = 7
L_MIN_UNTIL_TAIL = 8
L_MIN_UNTIL_BODY = 9
L_ASSERT = 10
L_ASSERT_NOT = 11
L_ATOMIC = 12
L_POSSESSIVE = 13


class State(object):
    def __init__(self, code, ctx, pos, endpos, match_all):
        length = ctx.length()
        if endpos < 0:
            endpos = 0
        if endpos > length:
            endpos = length
        if pos < 0:
            pos = 0
        if pos > length:
            pos = length
        self.code = code
        self.ctx = ctx
        self.start = pos
        self.end = endpos
        self.length = length
        self.match_all = match_all
        self.marks = []
        self.lastmark = -1
        self.lastindex = -1
        self.repeat = None
        self.end_pos = -1
        self.match_start = pos

    def reset(self):
        # marks above lastmark are never read: no need to clear the list
        self.lastmark = -1
        self.lastindex = -1
        self.repeat = None
        self.end_pos = -1

    def set_mark(self, index, pos):
        if index & 1:
            self.lastindex = index // 2 + 1
        if index > self.lastmark:
            # marks between the old last one and this one are unset
            while len(self.marks) <= index:
                self.marks.append(-1)
            j = self.lastmark + 1
            while j < index:
                self.marks[j] = -1
                j += 1
            self.lastmark = index
        self.marks[index] = pos

    def save_into(self, frame, all_marks):
        """Remember the last mark; with all_marks also the marks' values.
        Which backtracking points keep which is CPython's choice, and it
        shows in the groups of a match, so it is copied exactly: a failed
        attempt can leave a stale value below the last mark otherwise."""
        frame.lastmark = self.lastmark
        frame.lastindex = self.lastindex
        if all_marks:
            frame.marks = self.marks[: self.lastmark + 1]
        else:
            frame.marks = None

    def restore_from(self, frame):
        saved = frame.marks
        if saved is not None:
            i = 0
            while i < len(saved):
                self.marks[i] = saved[i]
                i += 1
        self.lastmark = frame.lastmark
        self.lastindex = frame.lastindex

    def group_span(self, group):
        """(start, end) of a group that took part in the match, else (-1, -1)."""
        index = 2 * group
        if index >= self.lastmark:
            return (-1, -1)
        start = self.marks[index]
        end = self.marks[index + 1]
        if start < 0 or end < 0 or end < start:
            return (-1, -1)
        return (start, end)


def count_repetitions(state, item_pc, pos, maxcount):
    """How many times in a row from `pos` the single-char item matches."""
    limit = state.end
    if maxcount != MAXREPEAT and pos + maxcount < limit:
        limit = pos + maxcount
    code = state.code
    ctx = state.ctx
    p = pos
    while p < limit and match_one(code, item_pc, ctx.get(p)):
        p += 1
    return p - pos


def at_position(state, at_code, pos):
    ctx = state.ctx
    end = state.end
    if at_code == AT_BEGINNING or at_code == AT_BEGINNING_STRING:
        return pos == 0
    if at_code == AT_BEGINNING_LINE:
        return pos == 0 or ctx.get(pos - 1) == 10
    if at_code == AT_END:
        return pos == end or (pos + 1 == end and ctx.get(pos) == 10)
    if at_code == AT_END_LINE:
        return pos == end or (pos < state.length and ctx.get(pos) == 10)
    if at_code == AT_END_STRING:
        return pos == end
    if at_code == AT_BOUNDARY or at_code == AT_NON_BOUNDARY:
        kind = 0
    elif at_code == AT_UNI_BOUNDARY or at_code == AT_UNI_NON_BOUNDARY:
        kind = 1
    elif at_code == AT_LOC_BOUNDARY or at_code == AT_LOC_NON_BOUNDARY:
        kind = 2
    else:
        raise RSREError("unknown AT code %d" % at_code)
    if end == 0:
        return False  # neither \b nor \B matches in an empty subject
    before = pos > 0 and word_char(kind, ctx.get(pos - 1))
    here = pos < end and word_char(kind, ctx.get(pos))
    if (
        at_code == AT_BOUNDARY
        or at_code == AT_UNI_BOUNDARY
        or at_code == AT_LOC_BOUNDARY
    ):
        return before != here
    return before == here


def word_char(kind, ch):
    if kind == 1:
        return is_uni_word(ch)
    if kind == 2:
        return is_locale_word(ch)
    return is_ascii_word(ch)


def groupref(state, group, pos, fold):
    """End position after matching group `group` again at `pos`, or -1.
    fold: 0 exact, 1 ASCII, 2 Unicode, 3 locale."""
    span = state.group_span(group)
    start = span[0]
    stop = span[1]
    if start < 0:
        return -1
    length = stop - start
    ctx = state.ctx
    i = 0
    while i < length:
        if pos + i >= state.end:
            return -1
        a = ctx.get(start + i)
        b = ctx.get(pos + i)
        if fold == 1:
            a = lower_ascii(a)
            b = lower_ascii(b)
        elif fold == 2:
            a = lower_unicode(a)
            b = lower_unicode(b)
        elif fold == 3:
            a = lower_locale(a)
            b = lower_locale(b)
        if a != b:
            return -1
        i += 1
    return pos + length


def run(state, start_pc, start_pos, start_toplevel):
    """Match the code at start_pc against the subject from start_pos.
    Returns True on success, with state.end_pos set."""
    code = state.code
    ctx = state.ctx
    end = state.end
    frame = None
    pc = start_pc
    pos = start_pos
    toplevel = start_toplevel
    result = -1  # -1: executing code; 0/1: an attempt failed/succeeded
    while True:
        if result >= 0:
            # ---- hand the result to the innermost waiting frame
            if frame is None:
                return result == 1
            f = frame
            frame = f.parent
            label = f.label
            if label == L_BRANCH:
                if result == 1:
                    continue
                state.restore_from(f)
                alt = f.aux + code[f.aux]
                if code[alt] == 0:
                    continue  # no alternative left: fail
                f.aux = alt
                frame = f
                pc = alt + 1
                pos = f.pos
                toplevel = f.toplevel
                result = -1
            elif label == L_REPEAT_ONE:
                if result == 1:
                    continue
                state.restore_from(f)
                rpc = f.pc
                minimum = code[rpc + 2]
                tail = rpc + 1 + code[rpc + 1]
                count = f.count - 1
                p = f.pos - 1
                if code[tail] == OPCODE_LITERAL:
                    # the tail starts with a literal: skip to where it is
                    wanted = code[tail + 1]
                    while count >= minimum and (p >= end or ctx.get(p) != wanted):
                        p -= 1
                        count -= 1
                if count < minimum:
                    continue
                f.count = count
                f.pos = p
                frame = f
                pc = tail
                pos = p
                toplevel = f.toplevel
                result = -1
            elif label == L_MIN_REPEAT_ONE:
                if result == 1:
                    continue
                state.restore_from(f)
                rpc = f.pc
                maximum = code[rpc + 3]
                p = f.pos
                if maximum != MAXREPEAT and f.count >= maximum:
                    continue
                if p >= end or not match_one(code, rpc + 4, ctx.get(p)):
                    continue
                f.count += 1
                f.pos = p + 1
                frame = f
                pc = rpc + 1 + code[rpc + 1]
                pos = p + 1
                toplevel = f.toplevel
                result = -1
            elif label == L_REPEAT:
                rep = f.repeat
                assert rep is not None
                state.repeat = rep.prev
            elif label == L_UNTIL_MIN:
                if result == 0:
                    rep = f.repeat
                    assert rep is not None
                    rep.count = f.count - 1
            elif label == L_MAX_UNTIL_GREEDY:
                rep = f.repeat
                assert rep is not None
                rep.last_pos = f.aux
                if result == 1:
                    continue
                state.restore_from(f)
                rep.count = f.count - 1
                # no further iteration: the tail must match here
                state.repeat = rep.prev
                f.label = L_UNTIL_TAIL
                frame = f
                pc = f.pc + 1
                pos = f.pos
                toplevel = f.toplevel
                result = -1
            elif label == L_UNTIL_TAIL:
                state.repeat = f.repeat
            elif label == L_MIN_UNTIL_TAIL:
                rep = f.repeat
                assert rep is not None
                state.repeat = rep
                if result == 1:
                    continue
                state.restore_from(f)
                maximum = code[rep.pc + 3]
                if (
                    maximum != MAXREPEAT and f.count >= maximum
                ) or f.pos == rep.last_pos:
                    result = 0
                    continue
                # the tail failed: one more iteration of the body
                rep.count = f.count
                f.aux = rep.last_pos
                rep.last_pos = f.pos
                f.label = L_MIN_UNTIL_BODY
                frame = f
                pc = rep.pc + 4
                pos = f.pos
                toplevel = f.toplevel
                result = -1
            elif label == L_MIN_UNTIL_BODY:
                rep = f.repeat
                assert rep is not None
                rep.last_pos = f.aux
                if result == 0:
                    rep.count = f.count - 1
            elif label == L_ASSERT:
                if result == 1:
                    pc = f.pc + 1 + code[f.pc + 1]
                    pos = f.pos
                    toplevel = f.toplevel
                    result = -1
            elif label == L_ASSERT_NOT:
                if result == 1:
                    result = 0
                else:
                    state.restore_from(f)
                    pc = f.pc + 1 + code[f.pc + 1]
                    pos = f.pos
                    toplevel = f.toplevel
                    result = -1
            elif label == L_ATOMIC:
                if result == 1:
                    pc = f.pc + 1 + code[f.pc + 1]
                    pos = state.end_pos
                    toplevel = f.toplevel
                    result = -1
            elif label == L_POSSESSIVE:
                rpc = f.pc
                minimum = code[rpc + 2]
                maximum = code[rpc + 3]
                # the skip leads to the body's SUCCESS; the tail follows it
                tail = rpc + 2 + code[rpc + 1]
                if result == 1:
                    new_pos = state.end_pos
                    # after an empty iteration beyond the minimum, repeating
                    # changes nothing: go on with the tail
                    empty = f.count >= minimum and new_pos == f.pos
                    f.count += 1
                    f.pos = new_pos
                    if not empty and (
                        f.count < minimum or maximum == MAXREPEAT or f.count < maximum
                    ):
                        state.save_into(f, True)
                        frame = f
                        pc = rpc + 4
                        pos = new_pos
                        toplevel = False
                        result = -1
                        continue
                elif f.count < minimum:
                    continue
                else:
                    state.restore_from(f)
                pc = tail
                pos = f.pos
                toplevel = f.toplevel
                result = -1
            else:
                raise RSREError("bad frame label")
            continue

        # ---- execute the opcode at pc
        op = code[pc]
        if op == OPCODE_LITERAL:
            # the most frequent opcode first
            if pos < end and ctx.get(pos) == code[pc + 1]:
                pos += 1
                pc += 2
            else:
                result = 0
        elif op == OPCODE_SUCCESS:
            if toplevel and state.match_all and pos != end:
                result = 0
            else:
                state.end_pos = pos
                result = 1
        elif op == OPCODE_FAILURE:
            result = 0
        elif op == OPCODE_MARK:
            state.set_mark(code[pc + 1], pos)
            pc += 2
        elif op == OPCODE_AT:
            if at_position(state, code[pc + 1], pos):
                pc += 2
            else:
                result = 0
        elif op == OPCODE_JUMP:
            pc = pc + 1 + code[pc + 1]
        elif op == OPCODE_INFO:
            minimum = code[pc + 3]
            # (CPython compares unsigned: a start beyond the end passes)
            if minimum != 0 and 0 <= end - pos < minimum:
                result = 0
            else:
                pc = pc + 1 + code[pc + 1]
        elif op == OPCODE_BRANCH:
            f = Frame(L_BRANCH, frame, pc, pos, toplevel)
            state.save_into(f, state.repeat is not None)
            f.aux = pc + 1
            frame = f
            pc = pc + 2
        elif op == OPCODE_REPEAT_ONE:
            minimum = code[pc + 2]
            maximum = code[pc + 3]
            if pos + minimum > end:
                result = 0
                continue
            count = count_repetitions(state, pc + 4, pos, maximum)
            if count < minimum:
                result = 0
                continue
            pos += count
            tail = pc + 1 + code[pc + 1]
            if code[tail] == OPCODE_SUCCESS and not (
                toplevel and state.match_all and pos != end
            ):
                state.end_pos = pos
                result = 1
                continue
            # the frame's failure handler steps back one char and tries the
            # tail: start it one char beyond the longest run
            f = Frame(L_REPEAT_ONE, frame, pc, pos + 1, toplevel)
            f.count = count + 1
            state.save_into(f, state.repeat is not None)
            frame = f
            result = 0
        elif op == OPCODE_MIN_REPEAT_ONE:
            minimum = code[pc + 2]
            if pos + minimum > end:
                result = 0
                continue
            count = 0
            if minimum > 0:
                count = count_repetitions(state, pc + 4, pos, minimum)
                if count < minimum:
                    result = 0
                    continue
                pos += count
            tail = pc + 1 + code[pc + 1]
            if code[tail] == OPCODE_SUCCESS and not (
                toplevel and state.match_all and pos != end
            ):
                state.end_pos = pos
                result = 1
                continue
            f = Frame(L_MIN_REPEAT_ONE, frame, pc, pos, toplevel)
            f.count = count
            state.save_into(f, state.repeat is not None)
            frame = f
            pc = tail
        elif op == OPCODE_POSSESSIVE_REPEAT_ONE:
            minimum = code[pc + 2]
            maximum = code[pc + 3]
            if pos + minimum > end:
                result = 0
                continue
            count = count_repetitions(state, pc + 4, pos, maximum)
            if count < minimum:
                result = 0
                continue
            pos += count
            pc = pc + 1 + code[pc + 1]
        elif op == OPCODE_REPEAT:
            rep = Repeat(pc, state.repeat)
            state.repeat = rep
            f = Frame(L_REPEAT, frame, pc, pos, toplevel)
            f.repeat = rep
            frame = f
            pc = pc + 1 + code[pc + 1]  # the MAX_UNTIL/MIN_UNTIL
        elif op == OPCODE_MAX_UNTIL or op == OPCODE_MIN_UNTIL:
            rep = state.repeat
            if rep is None:
                raise RSREError("UNTIL outside of a REPEAT")
            minimum = code[rep.pc + 2]
            maximum = code[rep.pc + 3]
            count = rep.count + 1
            if count < minimum:
                rep.count = count
                f = Frame(L_UNTIL_MIN, frame, pc, pos, toplevel)
                f.repeat = rep
                f.count = count
                frame = f
                pc = rep.pc + 4
            elif op == OPCODE_MAX_UNTIL:
                if (maximum == MAXREPEAT or count < maximum) and pos != rep.last_pos:
                    rep.count = count
                    f = Frame(L_MAX_UNTIL_GREEDY, frame, pc, pos, toplevel)
                    f.repeat = rep
                    f.count = count
                    f.aux = rep.last_pos
                    state.save_into(f, True)
                    rep.last_pos = pos
                    frame = f
                    pc = rep.pc + 4
                else:
                    state.repeat = rep.prev
                    f = Frame(L_UNTIL_TAIL, frame, pc, pos, toplevel)
                    f.repeat = rep
                    frame = f
                    pc = pc + 1
            else:
                state.repeat = rep.prev
                f = Frame(L_MIN_UNTIL_TAIL, frame, pc, pos, toplevel)
                f.repeat = rep
                f.count = count
                state.save_into(f, state.repeat is not None)
                frame = f
                pc = pc + 1
        elif op == OPCODE_POSSESSIVE_REPEAT:
            # the handler runs the body again after each success: enter it
            # as if an iteration "-1" had just succeeded without moving
            f = Frame(L_POSSESSIVE, frame, pc, pos, toplevel)
            f.count = -1
            # (CPython 3.11 runs the body with the enclosing REPEAT, if any,
            # still current: that decides which points inside keep all marks)
            state.save_into(f, True)
            frame = f
            state.end_pos = pos
            result = 1
        elif op == OPCODE_ATOMIC_GROUP:
            f = Frame(L_ATOMIC, frame, pc, pos, toplevel)
            frame = f
            pc = pc + 2
            toplevel = False
        elif op == OPCODE_ASSERT or op == OPCODE_ASSERT_NOT:
            back = code[pc + 2]
            if pos - back < 0:
                if op == OPCODE_ASSERT:
                    result = 0
                else:
                    pc = pc + 1 + code[pc + 1]
                continue
            if op == OPCODE_ASSERT:
                f = Frame(L_ASSERT, frame, pc, pos, toplevel)
            else:
                f = Frame(L_ASSERT_NOT, frame, pc, pos, toplevel)
                state.save_into(f, state.repeat is not None)
            frame = f
            pc = pc + 3
            pos = pos - back
            toplevel = False
        elif op == OPCODE_GROUPREF_EXISTS:
            span = state.group_span(code[pc + 1])
            if span[0] >= 0:
                pc = pc + 3
            else:
                pc = pc + 1 + code[pc + 2]
        elif (
            op == OPCODE_GROUPREF
            or op == OPCODE_GROUPREF_IGNORE
            or op == OPCODE_GROUPREF_UNI_IGNORE
            or op == OPCODE_GROUPREF_LOC_IGNORE
        ):
            fold = 0
            if op == OPCODE_GROUPREF_IGNORE:
                fold = 1
            elif op == OPCODE_GROUPREF_UNI_IGNORE:
                fold = 2
            elif op == OPCODE_GROUPREF_LOC_IGNORE:
                fold = 3
            new_pos = groupref(state, code[pc + 1], pos, fold)
            if new_pos < 0:
                result = 0
            else:
                pos = new_pos
                pc += 2
        else:
            width = single_char_width(code, pc)
            if width == 0:
                raise RSREError("unknown opcode %d at %d" % (op, pc))
            if pos < end and match_one(code, pc, ctx.get(pos)):
                pos += 1
                pc += width
            else:
                result = 0


# ------------------------------------------------------------- public API


class Match(object):
    """The outcome of a successful match: spans of the whole match and groups."""

    def __init__(self, start, end, marks, lastindex):
        self.match_start = start
        self.match_end = end
        self.marks = marks
        self.lastindex = lastindex  # -1: no group closed

    def span(self, group):
        """(start, end) of group (0 = whole match); (-1, -1) if it did not take part."""
        if group == 0:
            return (self.match_start, self.match_end)
        index = 2 * (group - 1)
        if index + 1 >= len(self.marks):
            return (-1, -1)
        start = self.marks[index]
        end = self.marks[index + 1]
        if start < 0 or end < 0 or end < start:
            return (-1, -1)
        return (start, end)

    def start(self, group):
        return self.span(group)[0]

    def end(self, group):
        return self.span(group)[1]


def _make_match(state, start):
    return Match(
        start, state.end_pos, state.marks[: state.lastmark + 1], state.lastindex
    )


def match(code, ctx, pos=0, endpos=-1, flags=0):
    """Match `code` at exactly `pos` of the subject (endpos -1 = its end)."""
    validate(code)
    return match_validated(code, ctx, pos, endpos, False)


def fullmatch(code, ctx, pos=0, endpos=-1, flags=0):
    validate(code)
    return match_validated(code, ctx, pos, endpos, True)


def search(code, ctx, pos=0, endpos=-1, flags=0):
    """The first position from `pos` where `code` matches."""
    validate(code)
    return search_validated(code, ctx, pos, endpos)


# The *_validated entry points skip the check: for callers (like `_sre`'s
# pattern objects) that ran validate(code) once when the pattern was made.


def match_validated(code, ctx, pos, endpos, match_all):
    if endpos < 0:
        endpos = ctx.length()
    # like CPython, a start beyond endpos is tried, not refused
    state = State(code, ctx, pos, endpos, match_all)
    if run(state, 0, state.start, True):
        return _make_match(state, state.start)
    return None


def _prefix_at(code, ctx, start, end, prefix_len):
    if start + prefix_len > end:
        return False
    i = 1
    while i < prefix_len:
        if ctx.get(start + i) != code[7 + i]:
            return False
        i += 1
    return True


def search_validated(code, ctx, pos, endpos):
    if endpos < 0:
        endpos = ctx.length()
    state = State(code, ctx, pos, endpos, False)
    start = state.start
    end = state.end
    if start > end:
        return None
    minimum = 0
    first_char = -1
    prefix_len = 0
    charset_pc = -1
    if code[0] == OPCODE_INFO:
        minimum = code[3]
        info_flags = code[2]
        if info_flags & SRE_INFO_PREFIX:
            # the pattern starts with these literal code points
            prefix_len = code[5]
            if prefix_len > 0:
                first_char = code[7]
        elif info_flags & SRE_INFO_CHARSET:
            charset_pc = 5
    ctx = state.ctx
    while start <= end:
        if minimum != 0 and end - start < minimum:
            return None
        if first_char >= 0:
            if start >= end or ctx.get(start) != first_char:
                start += 1
                continue
            if not _prefix_at(code, ctx, start, end, prefix_len):
                start += 1
                continue
        elif charset_pc >= 0:
            if start >= end or not in_charset(code, charset_pc, ctx.get(start)):
                start += 1
                continue
        state.reset()
        if run(state, 0, start, True):
            return _make_match(state, start)
        start += 1
    return None
