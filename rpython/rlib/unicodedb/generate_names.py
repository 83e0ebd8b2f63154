"""Generate ``_names_tables.py``, the character name database (not RPython).

    .venv/bin/python -m rpython.rlib.unicodedb.generate_names

Names come from the host's ``unicodedata.name()``.  Name aliases and named
sequences cannot be listed through ``unicodedata``, so the candidates are
read from the Unicode data shipped with Perl (``unicore/Name.pl`` and
``unicore/NamedSequences.txt``, same Unicode version as the host CPython
3.11) and each one is kept only if the host's ``unicodedata.lookup()``
accepts it and gives the same code point(s).

Encoding (all tables are ``bytes``, so the translated program holds them as
plain byte arrays, one byte per entry):

- the algorithmic names (CJK UNIFIED IDEOGRAPH-XXXX over a few ranges and
  the 11172 HANGUL SYLLABLEs) are computed, not stored;
- every other name is a list of words separated by spaces.  The words form a
  lexicon sorted by frequency; a word is written as one byte (the 191 most
  frequent) or two.  Token 0 stands for "-" plus the code point in hex,
  which ends the names numbered by their own code point (CJK COMPATIBILITY
  IDEOGRAPH-F900, NUSHU CHARACTER-1B170, ...);
- a name record is its byte length followed by its tokens, records are in
  code point order, with a 3-byte offset for every 8th record;
- code points with names form runs: (first code point, first record) pairs;
- a bitmap of the 256-code-point pages holding any named code point
  (a quick "no name" for the unassigned planes);
- for lookup, records are grouped by a hash of the name into buckets
  (bucket start table + record numbers, 2 bytes each).
"""

import base64
import collections
import os
import sys
import unicodedata
import zlib

MAX_CODE = 0x110000
ONE_BYTE_WORDS = 0xC0
NAME_BLOCK = 8
WORD_BLOCK = 8
NBUCKETS = 8192
PERL_UNICORE = "/usr/share/perl/5.36.0/unicore"

HANGUL_BASE = 0xAC00
HANGUL_COUNT = 11172
HANGUL_L = "G GG N D DD R M B BB S SS * J JJ C K T P H".split()
HANGUL_V = "A AE YA YAE EO E YEO YE O WA WAE OE YO U WEO WE WI YU EU YI I".split()
HANGUL_T = (
    "* G GG GS N NJ NH D L LG LM LB LS LT LP LH M B BS S SS NG J C K T P H".split()
)
CJK_PREFIX = "CJK UNIFIED IDEOGRAPH-"


def name_hash(name):
    """Hash of an (upper-case) name; names.py computes the same."""
    h = 0
    for c in name:
        h = (h * 31 + ord(c)) & 0xFFFFFFFF
    return h


def hangul_name(cp):
    index = cp - HANGUL_BASE
    parts = [
        HANGUL_L[index // (21 * 28)],
        HANGUL_V[(index // 28) % 21],
        HANGUL_T[index % 28],
    ]
    return "HANGUL SYLLABLE " + "".join(p for p in parts if p != "*")


def _u24(value):
    assert 0 <= value < 1 << 24
    return bytes([value >> 16, (value >> 8) & 0xFF, value & 0xFF])


def _u16(value):
    assert 0 <= value < 1 << 16
    return bytes([value >> 8, value & 0xFF])


def read_candidates(unicore):
    """(aliases, sequences) accepted by the host: {name: cp}, {name: [cps]}."""
    candidates = []
    with open(os.path.join(unicore, "Name.pl")) as f:
        text = f.read()
    body = text.split("<<'END';\n", 1)[1].split("\nEND\n", 1)[0]
    for entry in body.split("\n\n"):
        lines = entry.strip().split("\n")
        if len(lines) == 2:
            candidates.append((lines[1], [int(x, 16) for x in lines[0].split()]))
    with open(os.path.join(unicore, "NamedSequences.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and ";" in line:
                name, codes = line.split(";", 1)
                candidates.append((name.strip(), [int(x, 16) for x in codes.split()]))
    aliases = {}
    sequences = {}
    for name, codes in candidates:
        try:
            got = unicodedata.lookup(name)
        except KeyError:
            continue
        if [ord(c) for c in got] != codes:
            continue
        if len(codes) == 1:
            if unicodedata.name(got, None) != name:
                aliases[name] = codes[0]
        else:
            sequences[name] = codes
    return aliases, sequences


def build(unicore=PERL_UNICORE):
    stored = {}
    cjk_ranges = []
    for cp in range(MAX_CODE):
        name = unicodedata.name(chr(cp), None)
        if name is None:
            continue
        if name == "%s%X" % (CJK_PREFIX, cp):
            if cjk_ranges and cjk_ranges[-1][1] == cp - 1:
                cjk_ranges[-1][1] = cp
            else:
                cjk_ranges.append([cp, cp])
            continue
        if HANGUL_BASE <= cp < HANGUL_BASE + HANGUL_COUNT:
            assert name == hangul_name(cp), (hex(cp), name)
            continue
        stored[cp] = name
    codes = sorted(stored)
    split_names = []
    counts = collections.Counter()
    for cp in codes:
        name = stored[cp]
        suffix = "-%04X" % cp
        hex_suffix = name.endswith(suffix)
        if hex_suffix:
            name = name[: -len(suffix)]
        words = name.split(" ")
        assert all(words), name
        counts.update(words)
        split_names.append((words, hex_suffix))
    lexicon = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    word_id = {w: i + 1 for i, w in enumerate(lexicon)}  # 0: the hex suffix
    assert len(lexicon) + 1 <= ONE_BYTE_WORDS + (0x100 - ONE_BYTE_WORDS) * 256

    def token(i):
        if i < ONE_BYTE_WORDS:
            return bytes([i])
        i -= ONE_BYTE_WORDS
        return bytes([ONE_BYTE_WORDS + (i >> 8), i & 0xFF])

    words_data = bytearray()
    word_offsets = bytearray()
    for i, w in enumerate(lexicon):
        if i % WORD_BLOCK == 0:
            word_offsets += _u24(len(words_data))
        words_data += bytes([len(w)]) + w.encode("ascii")
    names_data = bytearray()
    name_offsets = bytearray()
    for i, (words, hex_suffix) in enumerate(split_names):
        if i % NAME_BLOCK == 0:
            name_offsets += _u24(len(names_data))
        record = b"".join(token(word_id[w]) for w in words)
        if hex_suffix:
            record += token(0)
        assert len(record) < 256
        names_data += bytes([len(record)]) + record
    runs = bytearray()
    for i, cp in enumerate(codes):
        if i == 0 or codes[i - 1] != cp - 1:
            runs += _u24(cp) + _u24(i)
    runs += _u24(MAX_CODE) + _u24(len(codes))
    buckets = [[] for _ in range(NBUCKETS)]
    for i, cp in enumerate(codes):
        buckets[name_hash(stored[cp]) % NBUCKETS].append(i)
    assert len(codes) < 1 << 16
    bucket_starts = bytearray()
    bucket_items = bytearray()
    for bucket in buckets:
        bucket_starts += _u16(len(bucket_items) // 2)
        for i in bucket:
            bucket_items += _u16(i)
    bucket_starts += _u16(len(bucket_items) // 2)
    named_pages = bytearray(MAX_CODE >> 8 >> 3)
    for cp in range(MAX_CODE):
        if unicodedata.name(chr(cp), None) is not None:
            page = cp >> 8
            named_pages[page >> 3] |= 1 << (page & 7)
    aliases, sequences = read_candidates(unicore)
    return {
        "version": unicodedata.unidata_version,
        "cjk_ranges": [tuple(r) for r in cjk_ranges],
        "tables": {
            "WORDS": bytes(words_data),
            "WORD_OFFSETS": bytes(word_offsets),
            "NAMES": bytes(names_data),
            "NAME_OFFSETS": bytes(name_offsets),
            "RUNS": bytes(runs),
            "BUCKET_STARTS": bytes(bucket_starts),
            "BUCKET_ITEMS": bytes(bucket_items),
            "NAMED_PAGES": bytes(named_pages),
        },
        "aliases": aliases,
        "sequences": sequences,
    }


def write(path):
    data = build()
    out = []
    out.append(
        '"""Unicode character names: GENERATED by generate_names.py, do not edit.\n'
    )
    out.append(
        "Unicode version %s (host Python %s)."
        % (data["version"], sys.version.split()[0])
    )
    out.append('"""\n')
    out.append("UNICODE_VERSION = %r\n" % data["version"])
    out.append("CJK_RANGES = %r\n" % (data["cjk_ranges"],))
    out.append("# name -> code point, for the name aliases")
    out.append("ALIASES = {")
    for name, cp in sorted(data["aliases"].items()):
        out.append("    %r: 0x%04X," % (name, cp))
    out.append("}\n")
    out.append("# name -> code points, for the named sequences")
    out.append("SEQUENCES = {")
    for name, cps in sorted(data["sequences"].items()):
        out.append("    %r: [%s]," % (name, ", ".join("0x%04X" % c for c in cps)))
    out.append("}\n")
    out.append("# zlib-compressed, base64: the tables described in generate_names.py")
    out.append("PACKED = {")
    for key, blob in data["tables"].items():
        packed = base64.b64encode(zlib.compress(blob, 9)).decode("ascii")
        out.append("    %r: (" % key)
        for i in range(0, len(packed), 76):
            out.append('        "%s"' % packed[i : i + 76])
        out.append("    ),")
    out.append("}")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    format_file(path)


def format_file(path):
    """`ruff format` the generated file (the repository's style check)."""
    import subprocess

    ruff = os.path.join(os.path.dirname(sys.executable), "ruff")
    if os.path.exists(ruff):
        subprocess.run([ruff, "format", "-q", path], check=True)


if __name__ == "__main__":
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "_names_tables.py"))
