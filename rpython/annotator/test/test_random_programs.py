"""The random programs of flowspace/test/test_random_programs.py (ints
only) must annotate to an int result (or to 'never returns'), never crash
the annotator."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rpython.annotator import model as annmodel
from rpython.annotator.annrpython import RPythonAnnotator
from rpython.flowspace.test.test_random_programs import ProgramGenerator, load


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_random_programs_annotate(tmp_path_factory, seed):
    source = ProgramGenerator(seed).program()
    try:
        compile(source, "<rnd>", "exec")
    except SyntaxError:
        return
    f = load(source, tmp_path_factory.mktemp("rndann"), seed)
    s = RPythonAnnotator().build_types(f, [int, int])
    assert s is annmodel.s_ImpossibleValue or (
        isinstance(s, annmodel.SomeInteger) and not isinstance(s, annmodel.SomeBool)
    ), (source, s)
