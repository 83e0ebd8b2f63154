"""External compilation info and the C compiler driver.

`ExternalCompilationInfo` (ECI) says what a piece of C needs: headers to
include, extra C sources compiled alongside the program
(`separate_module_sources` / `separate_module_files`), pre-include text
(`pre_include_bits`, `post_include_bits`), include and library directories,
libraries to link.  ECIs merge: the C backend collects the ECI of every
`rffi.llexternal` reachable from the program and merges them into one.

`compile_c_program` is the one place that runs the C compiler for tests and
small tools; translated programs are built by the generated Makefile.
"""

import os
import subprocess


class CompilationError(Exception):
    """The C compiler failed; `.out` holds its diagnostics."""

    def __init__(self, cmd, out):
        Exception.__init__(self, "C compilation failed: %s\n%s" % (" ".join(cmd), out))
        self.cmd = cmd
        self.out = out


class ExternalCompilationInfo(object):
    _FIELDS = (
        "pre_include_bits",
        "includes",
        "include_dirs",
        "post_include_bits",
        "libraries",
        "library_dirs",
        "separate_module_sources",
        "separate_module_files",
        "compile_extra",
        "link_extra",
    )

    def __init__(
        self,
        pre_include_bits=(),
        includes=(),
        include_dirs=(),
        post_include_bits=(),
        libraries=(),
        library_dirs=(),
        separate_module_sources=(),
        separate_module_files=(),
        compile_extra=(),
        link_extra=(),
    ):
        self.pre_include_bits = tuple(pre_include_bits)
        self.includes = tuple(includes)
        self.include_dirs = tuple(include_dirs)
        self.post_include_bits = tuple(post_include_bits)
        self.libraries = tuple(libraries)
        self.library_dirs = tuple(library_dirs)
        self.separate_module_sources = tuple(separate_module_sources)
        self.separate_module_files = tuple(separate_module_files)
        self.compile_extra = tuple(compile_extra)
        self.link_extra = tuple(link_extra)

    def _key(self):
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other):
        return (
            isinstance(other, ExternalCompilationInfo) and self._key() == other._key()
        )

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        parts = [
            "%s=%r" % (name, getattr(self, name))
            for name in self._FIELDS
            if getattr(self, name)
        ]
        return "<ExternalCompilationInfo %s>" % ", ".join(parts)

    def merge(self, *others):
        """A new ECI holding the entries of self and others, in order, without
        duplicates."""
        result = {}
        for name in self._FIELDS:
            seen = []
            for eci in (self,) + others:
                for item in getattr(eci, name):
                    if item not in seen:
                        seen.append(item)
            result[name] = seen
        return ExternalCompilationInfo(**result)

    def write_c_header(self, out):
        """Write the include part of this ECI to the file `out`."""
        for bit in self.pre_include_bits:
            out.write(bit + "\n")
        for include in self.includes:
            if include.startswith("<") or include.startswith('"'):
                out.write("#include %s\n" % include)
            else:
                out.write("#include <%s>\n" % include)
        for bit in self.post_include_bits:
            out.write(bit + "\n")


def compile_c_program(sources, output, eci=None, cflags=("-O2",), cc="gcc"):
    """Compile C source files to an executable; raise CompilationError."""
    eci = eci or ExternalCompilationInfo()
    cmd = [cc] + list(cflags)
    cmd += ["-I" + d for d in eci.include_dirs]
    cmd += list(eci.compile_extra)
    cmd += list(sources) + list(eci.separate_module_files)
    cmd += ["-o", output]
    cmd += ["-L" + d for d in eci.library_dirs]
    cmd += ["-l" + lib for lib in eci.libraries]
    cmd += list(eci.link_extra)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CompilationError(cmd, proc.stdout + proc.stderr)
    return output


def write_separate_sources(eci, directory):
    """Write eci.separate_module_sources to files in `directory`; return a new
    ECI that lists them as separate_module_files."""
    files = list(eci.separate_module_files)
    for i, source in enumerate(eci.separate_module_sources):
        path = os.path.join(directory, "module_%d.c" % i)
        with open(path, "w") as f:
            for bit in eci.pre_include_bits:
                f.write(bit + "\n")
            for include in eci.includes:
                if include.startswith("<") or include.startswith('"'):
                    f.write("#include %s\n" % include)
                else:
                    f.write("#include <%s>\n" % include)
            f.write(source)
            f.write("\n")
        files.append(path)
    fields = dict((name, getattr(eci, name)) for name in eci._FIELDS)
    fields["separate_module_sources"] = ()
    fields["separate_module_files"] = files
    return ExternalCompilationInfo(**fields)
