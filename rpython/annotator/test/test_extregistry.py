"""ExtRegistryEntry: special functions and types known to the annotator."""

from rpython.annotator import model as annmodel
from rpython.annotator.annrpython import RPythonAnnotator
from rpython.rtyper import extregistry


def magic_length(x):
    return 42


class Entry_magic_length(extregistry.ExtRegistryEntry):
    _about_ = magic_length

    def compute_result_annotation(self, s_x):
        assert isinstance(s_x, annmodel.SomeString)
        return annmodel.SomeInteger(nonneg=True)


class Token:
    def __init__(self, name):
        self.name = name


class Entry_Token(extregistry.ExtRegistryEntry):
    _type_ = Token

    def compute_annotation(self):
        return self.bookkeeper.immutablevalue(self.instance.name)


TOKEN = Token("tok")


def test_about_function_is_analysed_not_flowed():
    def f(s):
        return magic_length(s) + 1

    a = RPythonAnnotator()
    s = a.build_types(f, [str])
    assert isinstance(s, annmodel.SomeInteger) and s.nonneg
    assert [g.func for g in a.translator.graphs] == [f]


def test_type_entry_gives_the_annotation_of_instances():
    def f():
        return TOKEN

    a = RPythonAnnotator()
    s = a.build_types(f, [])
    assert isinstance(s, annmodel.SomeString) and s.const == "tok"


def test_lookup_and_is_registered():
    assert extregistry.is_registered(magic_length)
    assert extregistry.is_registered(TOKEN)
    assert not extregistry.is_registered(test_lookup_and_is_registered)
    entry = extregistry.lookup(TOKEN)
    assert isinstance(entry, Entry_Token) and entry.instance is TOKEN
    assert extregistry.is_registered_type(Token)
