"""word frequency: strings, dicts and sorting.

Counts the words of a text (a file named on the command line, or a built-in
text repeated N times), case-folded, and prints the most frequent ones,
ordered by decreasing count then alphabetically.
Usage: wordfreq-c [--repeat N] [FILE] [--top K].
"""

import os

BUILTIN_TEXT = """
It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of
Darkness, it was the spring of hope, it was the winter of despair, we had
everything before us, we had nothing before us, we were all going direct to
Heaven, we were all going direct the other way - in short, the period was so
far like the present period, that some of its noisiest authorities insisted
on its being received, for good or for evil, in the superlative degree of
comparison only.
"""


def read_file(path):
    fd = os.open(path, os.O_RDONLY, 0)
    chunks = []
    while True:
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    return b"".join(chunks).decode("utf-8")


def split_words(text):
    words = []
    start = -1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isalpha() or c == "'":
            if start < 0:
                start = i
        else:
            if start >= 0:
                words.append(text[start:i].lower())
                start = -1
        i += 1
    if start >= 0:
        words.append(text[start:n].lower())
    return words


def count_words(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def top_words(counts, k):
    items = []
    for word, count in counts.items():
        items.append((-count, word))
    items.sort()
    result = []
    for negcount, word in items[:k]:
        result.append((word, -negcount))
    return result


def entry_point(argv):
    repeat = 1
    top = 10
    path = ""
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--repeat" and i + 1 < len(argv):
            repeat = int(argv[i + 1])
            i += 1
        elif arg == "--top" and i + 1 < len(argv):
            top = int(argv[i + 1])
            i += 1
        else:
            path = arg
        i += 1
    if path:
        text = read_file(path)
    else:
        text = BUILTIN_TEXT * repeat
    words = split_words(text)
    counts = count_words(words)
    print("%d words, %d distinct" % (len(words), len(counts)))
    for word, count in top_words(counts, top):
        print("%7d %s" % (count, word))
    return 0


def target(driver, args):
    return entry_point, None


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
