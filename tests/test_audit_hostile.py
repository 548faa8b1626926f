"""Hostile documents for the front of the audit: loading, extraction and directives.

Each case executes nothing (no file is opened, no process started, nothing evaluated:
all of that is made to fail loudly while the text is processed, and the files a
``\\write18`` would create are checked to be absent), ends (every scan is linear; speed is
measured in bench/, not here), and gives a clean result or raises ``DocumentError`` with
one line. End-to-end cases through the reader and the checks are added with the pipeline.
"""
from __future__ import annotations

import builtins
import contextlib
import io
import os
import random
import subprocess

import pytest

from checks.io.audit import displays, extract
from checks.io.audit.parse.directives import DirectiveError, directives
from checks.io.audit.parse.load import MAX_BYTES, DocumentError, decode, load
from checks.io.audit.reading import read  # noqa: F401  imported before sealing (an import opens and compiles files)


class Executed(AssertionError):
    pass


@contextlib.contextmanager
def sealed(monkeypatch):
    """While the text is processed, any attempt to open a file, start a process or
    evaluate code fails the test (the audit's front is pure text processing)."""
    def refuse(name):
        def call(*args, **kwargs):
            raise Executed(f"{name} called with {args[:1]!r}")
        return call
    with monkeypatch.context() as m:
        for obj, name in ((builtins, "open"), (io, "open"), (os, "open"), (os, "system"),
                          (os, "popen"), (os, "execv"), (os, "execve"), (os, "fork"),
                          (subprocess, "Popen"), (builtins, "eval"), (builtins, "exec"),
                          (builtins, "compile")):
            m.setattr(obj, name, refuse(f"{obj.__name__}.{name}"))
        yield


def front(text, kind="markdown", inline=True):
    """Everything the audit does to a text before reading formulae."""
    found = displays(text, kind, inline)
    steps = extract(text, kind, inline)
    try:
        ds = directives(text, kind, found)
    except DirectiveError as e:
        assert "\n" not in str(e) and str(e).startswith("line "), str(e)
        ds = None
    return found, steps, ds


@pytest.fixture
def target(tmp_path):
    """A path that a shell escape in the document would create."""
    return tmp_path / "pwned"


def shell_escapes(path):
    return [f"\\write18{{touch {path}}}", f"\\immediate\\write18{{touch {path}}}",
            f"\\ShellEscape{{touch {path}}}", f"$(touch {path})", f"`touch {path}`",
            f"__import__('os').system('touch {path}')", f"{{0.__class__}}{path}%s%n"]


# --- TeX that a TeX engine would execute: here it is text ----------------------------------

def test_shell_escapes_in_displays_and_comments_execute_nothing(monkeypatch, target):
    for escape in shell_escapes(target):
        md = (f"$$a = {escape} = b$$\n<!-- {escape} -->\n"
              f"<!-- derivcheck: define f(x) = {escape}; skip: {escape} -->\n$$c = d$$\n")
        tex = f"{escape}\n% {escape}\n\\begin{{align}} a &= {escape} \\end{{align}}\n"
        with sealed(monkeypatch):
            found, steps, ds = front(md)
            front(tex, "latex")
        shown = escape.split("%")[0]                           # % starts a TeX comment
        assert any(shown in s.to for s in steps), escape       # kept as written, as text
        defined = [d for d in ds.all() if d.kind == "define"]
        assert defined and escape in defined[0].args[1]
        assert not target.exists()


def test_input_def_csname_are_never_expanded(monkeypatch):
    text = ("\\begingroup\\def\\x{a+b}\\endgroup\\endinput\n\\newcommand{\\y}{c}\n\\input{/etc/passwd}\n\\include{/etc/shadow}\n"
            "$$\\x = \\csname y\\endcsname = \\input{/etc/passwd}$$\n"
            "<!-- derivcheck: define g = \\input{/etc/passwd} -->\n$$\\y = \\expandafter\\x$$\n")
    with sealed(monkeypatch):
        found, steps, ds = front(text)
        front(text, "latex")
    assert [(s.from_, s.to) for s in steps] == [
        ("\\x", "\\csname y\\endcsname"), ("\\csname y\\endcsname", "\\input{/etc/passwd}"),
        ("\\y", "\\expandafter\\x")]
    assert [d.args for d in ds.all()] == [("g", "\\input{/etc/passwd}")]
    assert "root:" not in repr(steps) + repr(ds)


PRIMITIVES = ["\\begingroup a = b \\endgroup", "a = \\csname b\\endcsname", "a = b \\endinput",
              "\\begin a = b \\end", "a = \\begin{" + "x" * 100 + "} b", "a = \\end {c d} b",
              "\\beginL a = b \\endL"]


@pytest.mark.parametrize("latex", PRIMITIVES)
def test_tex_primitives_named_like_begin_and_end_are_text(monkeypatch, latex):
    # \endcsname, \endgroup are commands, not \end{...} of an environment
    with sealed(monkeypatch):
        for text, kind in ((f"$${latex}$$", "markdown"), (f"\\[{latex}\\]", "latex")):
            _, steps, _ = front(text, kind)
            assert [s.relation for s in steps] == ["="]


def test_loading_a_document_that_names_other_files_reads_only_itself(tmp_path):
    doc = tmp_path / "a.tex"
    doc.write_text("\\input{/etc/passwd}\n\\[ x = \\input{/etc/hostname} \\]\n")
    d = load(doc)
    assert d.text == doc.read_text() and d.kind == "latex"


# --- size and depth -------------------------------------------------------------------------

def test_thousands_of_nested_braces_and_fracs(monkeypatch):
    deep = "{" * 20000 + "a" + "}" * 20000
    fracs = "\\frac{1}{" * 5000 + "x" + "}" * 5000
    unclosed = "\\frac{" * 20000
    with sealed(monkeypatch):
        _, steps, _ = front(f"$$ {deep} = {fracs} $$")
        assert [s.relation for s in steps] == ["="]
        assert [s.from_ for s in front(f"$$ a = {unclosed} $$")[1]] == ["a"]
        # a directive whose braces never close is one bounded error, not a deep recursion
        found, _, ds = front(f"<!-- derivcheck: define f = {unclosed[:1900]} -->\n$$a = b$$")
        assert ds is None
        with pytest.raises(DirectiveError, match="characters"):
            directives(f"<!-- derivcheck: define f = {fracs} -->\n$$a = b$$")


def test_a_million_characters(monkeypatch):
    block = ("## Question 1\n<!-- derivcheck: assume x > 0; sizes n = 1..4 -->\nText $y$.\n"
             "$$\\begin{aligned} f(x) &= x^2 \\\\ &= x \\cdot x % derivcheck: label Q1\n\\end{aligned}$$\n\n")
    text = block * (1_000_000 // len(block) + 1)
    n = text.count(block)
    with sealed(monkeypatch):
        found, steps, ds = front(text, inline=False)
    assert len(text) > 1_000_000
    assert len(found) == n and len(steps) == 2 * n
    assert len(ds.attached) == n
    assert [d.kind for d in ds.own(found[-1])] == ["assume", "sizes", "label"]
    assert {d.line for d in ds.own(found[-1])} == {text.count("\n") - 4, text.count("\n") - 2}


def test_a_million_characters_of_one_line(monkeypatch):
    with sealed(monkeypatch):
        found, steps, _ = front("$$a = " + "x" * 1_000_000 + "$$")
        assert len(steps) == 1 and len(steps[0].to) == 1_000_000
        front("$" * 400_000)
        front("\\[" * 100_000)
        front("<!--" * 250_000)
        front("%" * 1_000_000, "latex")
        front("`" * 1_000_000)


def test_thousands_of_relations_in_one_display_and_thousands_of_displays(monkeypatch):
    chain = "$$" + " = ".join(f"x_{{{i}}}" for i in range(5000)) + " % derivcheck: skip: long\n$$"
    many = "".join(f"<!-- derivcheck: label D{i} -->\n$$a_{i} = b_{i}$$\n" for i in range(5000))
    with sealed(monkeypatch):
        found, steps, ds = front(chain)
        assert len(steps) == 4999 and [d.kind for d in ds.own(found[0])] == ["skip"]
        found, steps, ds = front(many)
    assert len(found) == len(steps) == 5000
    assert [ds.own(d)[0].args[0] for d in found[::1000]] == ["D0", "D1000", "D2000", "D3000", "D4000"]


def test_huge_directive_comment_is_one_error(monkeypatch):
    huge = "<!-- derivcheck-file: " + "index i j k; " * 100_000 + "-->\n"
    with sealed(monkeypatch):
        with pytest.raises(DirectiveError) as e:
            directives(huge)
        assert str(e.value).startswith("line 1: derivcheck comment of 1,300,001 characters")
        # a huge comment that is not a derivcheck comment is just skipped
        assert directives("<!-- " + "x" * 1_000_000 + " -->\n$$a=b$$").all() == ()


# --- unterminated, broken and binary input ----------------------------------------------------

UNTERMINATED = ["$$a = b", "\\begin{align} a &= b", "\\[ a = b", "$$\\begin{aligned} a &= b $$",
                "<!-- derivcheck-file: index i", "\\begin{verbatim} $$a=b$$", "```\n$$a = b$$",
                "\\begin{align} a &= b % derivcheck: label Q1"]


@pytest.mark.parametrize("text", UNTERMINATED)
def test_unterminated_constructs(monkeypatch, text):
    with sealed(monkeypatch):
        front(text)
        front(text, "latex")


def test_directive_before_an_unterminated_display_attaches_to_it():
    text = "<!-- derivcheck: skip: broken -->\n\\begin{align} a &= b\n"
    (d,) = displays(text)
    assert d.unterminated and [x.args for x in directives(text).own(d)] == [("broken",)]


def test_binary_junk_is_refused_by_the_loader_and_survived_by_the_rest(monkeypatch, tmp_path):
    rng = random.Random(10)
    junk = bytes(rng.randrange(256) for _ in range(50_000))
    path = tmp_path / "junk.md"
    path.write_bytes(junk)
    with pytest.raises(DocumentError) as e:
        load(path)
    assert "\n" not in str(e.value)
    # text that is valid UTF-8 but meaningless: the front still ends with a clean result
    chars = [chr(c) for c in range(1, 0x3000) if not 0xD800 <= c < 0xE000]
    text = "".join(rng.choice(chars) for _ in range(50_000)) + "<!-- derivcheck: x -->$$a=b$$"
    with sealed(monkeypatch):
        front(text)
        front(text, "latex")


# --- loading -------------------------------------------------------------------------------

def test_load_kinds_and_normalisation(tmp_path):
    for name, kind in (("a.md", "markdown"), ("a.markdown", "markdown"), ("a.txt", "markdown"),
                       ("a.tex", "latex"), ("B.TEX", "latex")):
        p = tmp_path / name
        p.write_bytes(b"\xef\xbb\xbfline 1\r\nline 2\rline 3\n")
        d = load(p)
        assert (d.name, d.kind, d.text) == (str(p), kind, "line 1\nline 2\nline 3\n")
    assert load(str(tmp_path / "a.md")).name == str(tmp_path / "a.md")


def test_load_standard_input():
    d = load("-", stdin=io.BytesIO("$$a = b$$ é".encode()))
    assert (d.name, d.kind, d.text) == ("<stdin>", "markdown", "$$a = b$$ é")


class Endless:
    """A stream that never ends (``yes | derivcheck audit -``)."""

    def __init__(self):
        self.served = 0

    def read(self, n):
        self.served += n
        return b"y" * n


def test_stdin_read_is_bounded():
    stream = Endless()
    with pytest.raises(DocumentError, match=r"^<stdin>: over the limit of 1,000 bytes$"):
        load("-", stdin=stream, limit=1000)
    assert stream.served == 1001


LOAD_ERRORS = [
    ("missing.md", None, "missing.md: no such file"),
    ("notes.pdf", b"%PDF-1.4", "notes.pdf: extension '.pdf'; accepted: .md, .markdown, .txt, .tex"),
    ("README", b"text", "README: no extension; accepted"),
    ("bad.md", b"ok\n\xff\xfe rest", "bad.md is not UTF-8 (byte 0xff at offset 3)"),
    ("bom-bad.md", b"\xef\xbb\xbfa\xc3", "bom-bad.md is not UTF-8 (byte 0xc3 at offset 4)"),
    ("latin1.tex", "caf\u00e9 $$a=b$$".encode("latin-1"), "is not UTF-8 (byte 0xe9 at offset 3)"),
    ("utf16.md", "$$a=b$$".encode("utf-16"), "binary data (NUL byte at offset 3)"),
    ("nul.txt", b"a\x00b", "nul.txt: binary data (NUL byte at offset 1), not a text document"),
]


@pytest.mark.parametrize("name,data,message", LOAD_ERRORS, ids=[e[0] for e in LOAD_ERRORS])
def test_load_errors_are_one_line(tmp_path, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(DocumentError) as e:
        load(path)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.md"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)          # sparse: its size is known without reading it
    with sealed(monkeypatch):              # refused from its size alone: nothing is opened
        with pytest.raises(DocumentError, match=rf"big.md: {MAX_BYTES + 1:,} bytes, over the limit "
                                                rf"of {MAX_BYTES:,} bytes$"):
            load(path)
    (tmp_path / "ok.md").write_text("$$a=b$$")
    with pytest.raises(DocumentError, match="7 bytes, over the limit of 6 bytes"):
        load(tmp_path / "ok.md", limit=6)


def test_directories_devices_and_pipes_are_refused_without_blocking(tmp_path):
    folder = tmp_path / "notes.md"
    folder.mkdir()
    with pytest.raises(DocumentError, match="notes.md: is a directory, not a document"):
        load(folder)
    with pytest.raises(DocumentError, match="is a directory"):
        load(tmp_path)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)                        # opening it would block until a writer comes
    with pytest.raises(DocumentError, match="pipe.md: not a regular file"):
        load(fifo)
    zero = tmp_path / "zero.md"
    zero.symlink_to("/dev/zero")
    with pytest.raises(DocumentError, match="zero.md: not a regular file"):
        load(zero)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.md"
    path.write_text("$$a=b$$")
    path.chmod(0)
    try:
        with pytest.raises(DocumentError, match="secret.md: permission denied"):
            load(path)
    finally:
        path.chmod(0o600)


def test_hostile_file_names_keep_messages_on_one_line(tmp_path):
    for name in ("a\nb.md", "a\x1b[31mred.md", "x\u202egpj.md"):
        with pytest.raises(DocumentError) as e:
            load(tmp_path / name)
        assert "\n" not in str(e.value) and "\x1b" not in str(e.value) and "\u202e" not in str(e.value)
    with pytest.raises(DocumentError, match="contains a NUL character"):
        load("a\x00b.md")


def test_decode_alone():
    assert decode("x", b"a\r\nb") == "a\nb"
    with pytest.raises(DocumentError, match="over the limit"):
        decode("x", b"abc", limit=2)


# --- directives that try to be something else ------------------------------------------------

INJECTIONS = [
    # the comment ends at the first -->: what follows is prose of the document
    ("<!-- derivcheck: label Q1 --><script>alert(1)</script>\n$$a=b$$", [("label", ("Q1",))]),
    ("<!-- derivcheck: let \\sigma = sigmoid; import os -->\n$$a=b$$", "unknown directive 'import os'"),
    ("<!-- derivcheck: let os.system = function -->\n$$a=b$$", "let needs NAME = MEANING"),
    ("<!-- derivcheck: let f = __import__ -->\n$$a=b$$", "meaning '__import__' is not one of"),
    ("<!-- derivcheck: sizes n = 1..9**9999 -->\n$$a=b$$", "sizes needs NAME = LO..HI"),
    ("<!-- derivcheck: sizes n = 1.." + "9" * 5000 + " -->\n$$a=b$$", "characters (at most 2,000)"),
    ("<!-- derivcheck: index i; rm -rf / -->\n$$a=b$$", "unknown directive 'rm -rf /'"),
    ("<!-- derivcheck: assume x > 0 -- ; DROP TABLE steps -->\n$$a=b$$", "unknown directive 'DROP TABLE steps'"),
    ("<!-- derivcheck: label ../../etc/passwd -->\n$$a=b$$", [("label", ("../../etc/passwd",))]),
    ("<!-- derivcheck: skip: {0.__class__.__mro__} %s %n ${HOME} -->\n$$a=b$$",
     [("skip", ("{0.__class__.__mro__} %s %n ${HOME}",))]),
    ("<!-- derivcheck: define f(x) = \\write18{rm -rf /} -->\n$$a=b$$",
     [("define", ("f(x)", "\\write18{rm -rf /}"))]),
    ("<!-- derivcheck: expect wrong: minor: </script><img src=x onerror=alert(1)> -->\n$$a=b$$",
     [("expect", ("wrong", "minor", "</script><img src=x onerror=alert(1)>"))]),
    ("<!-- derivcheck: label Q1\x1b[2J -->\n$$a=b$$", "control character U+001B"),
    ("<!-- derivcheck: skip: ok\u2066evil\u2069 -->\n$$a=b$$", "control character U+2066"),
]


@pytest.mark.parametrize("text,expected", INJECTIONS, ids=[str(i) for i in range(len(INJECTIONS))])
def test_directive_injections_are_data_or_one_line_errors(monkeypatch, text, expected):
    with sealed(monkeypatch):
        if isinstance(expected, str):
            with pytest.raises(DirectiveError) as e:
                directives(text)
            assert expected in str(e.value)
            message = str(e.value)
            assert "\n" not in message and message.isprintable()
        else:
            assert [(d.kind, d.args) for d in directives(text).all()] == expected


# --- token soup: whatever the order of the pieces, a result or one line -----------------------

SOUP = ["$$", "$", "\\[", "\\]", "\\(", "\\)", "\\begin{align}", "\\end{align}", "\\begin{aligned}",
        "\\end{aligned}", "\\begin{cases}", "\\end{cases}", "&", "&=", "=", "\\\\", "{", "}",
        "\\left(", "\\right)", "(", ")", "[", "]", "\\le", "<", ">", "\\text{for }", "\\quad",
        ",\\quad", "\\Rightarrow", "%", "\\%", "\n", "\n\n", " ", "a", "x_1", "\\frac", "\\sum_{i=1}^n",
        "<!--", "-->", "<!-- derivcheck: ", "% derivcheck: ", "derivcheck-file:", "; ", "skip",
        "label Q1", "assume x > 0", "define f(x) = ", "sizes n = 1..3", "expect wrong: minor: s",
        "`", "```", "~~~", "\\verb|", "|", "\\begin{verbatim}", "\\end{verbatim}", "# Q1\n", "(a) ",
        "1. ", "\\tag{1}", "\\overset{(a)}{=}", "\\underbrace{", "}_{b}", "\\endcsname", "\\begin",
        "\\end", "\\label{x}", "\\intertext{so}", "\\boxed{", "\\mathbf{1}_{i=j}", "\\\\[2pt]",
        "\\begin{align*}", "\\end{align*}", "\\text{", ":=", "\\coloneqq", "\\iff", "\x00", "\t", "é"]


def test_token_soup_never_raises_anything_but_the_one_error(monkeypatch):
    rng = random.Random(2026)
    with sealed(monkeypatch):
        for _ in range(1500):
            text = "".join(rng.choice(SOUP) for _ in range(rng.randrange(1, 80)))
            front(text, "markdown")
            front(text, "latex")
