"""The parser is RPython: it goes through the project's annotator.

(The dump needs astcompiler.constants' repr methods to be RPython too, and
rtyping needs toolchain fixes; both are checked elsewhere once they land.)
"""

from rpython.annotator import model as annmodel
from rpython.translator.translator import TranslationContext

from pypy.interpreter.pyparser.error import PySyntaxError
from pypy.interpreter.pyparser.pyparse import parse_bytes, parse_text
from pypy.interpreter.pyparser.tokenizer import ENDMARKER, Tokenizer


def parse_entry(source, data):
    try:
        tree = parse_text(source, "exec")
        tree2 = parse_bytes(data, "eval")
        tree3 = parse_text(source, "single")
    except PySyntaxError as e:
        return -e.lineno
    return int(tree is not None) + int(tree2 is not None) + int(tree3 is not None)


def tokenize_entry(source):
    tokenizer = Tokenizer(source)
    count = 0
    while tokenizer.next_token().type != ENDMARKER:
        count += 1
    return count


def annotate(func, argtypes):
    translator = TranslationContext()
    annotator = translator.buildannotator()
    s_result = annotator.build_types(func, argtypes)
    return translator, s_result


def test_parser_annotates():
    translator, s_result = annotate(parse_entry, [str, bytes])
    assert isinstance(s_result, annmodel.SomeInteger)
    names = [graph.name for graph in translator.graphs]
    assert any("parse_file" in name for name in names)
    assert any("parse_fstring" in name for name in names)


def test_tokenizer_annotates():
    translator, s_result = annotate(tokenize_entry, [str])
    assert isinstance(s_result, annmodel.SomeInteger)
