"""Flag bits of a Unicode record (shared by the generator and the lookups)."""

ALPHA = 1 << 0
DECIMAL = 1 << 1
DIGIT = 1 << 2
NUMERIC = 1 << 3
SPACE = 1 << 4
UPPER = 1 << 5
LOWER = 1 << 6
TITLE = 1 << 7
PRINTABLE = 1 << 8
ID_START = 1 << 9
ID_CONTINUE = 1 << 10
CASED = 1 << 11
CASE_IGNORABLE = 1 << 12
ALNUM = 1 << 13
LINEBREAK = 1 << 14
