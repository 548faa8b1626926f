"""The command line's arguments: the parser, its examples, and the checks of --timeout,
--jobs and --seed (a bad value is one line on stderr and exit 2)."""
from __future__ import annotations

import argparse
import math
import re
import sys


EXAMPLES = """\
examples:
  derivcheck check all                      check the whole catalog (table)
  derivcheck check 004 --format markdown    errata sheet of one document
  derivcheck check 004:Q5.4 --format json   one exercise as JSON (derivcheck-report/1)
  derivcheck check --tag softmax            every claim tagged softmax
  derivcheck list 003                       what the catalog holds for a document
  derivcheck verify "sigmoid(-x) = 1 - sigmoid(x)"
  derivcheck verify "log(x*y) = log(x) + log(y)" --assume "x > 0" --assume "y > 0"
  derivcheck verify "Sum(b**k, (k, 0, n)) = (1 - b**(n+1))/(1 - b)" --assume "n integer" --assume "0 < b < 1"
  derivcheck verify --latex "\\tanh(x) + 1 = 2\\sigma(2x)"
  derivcheck audit notes.md                 check every step of a document as written
  derivcheck audit hw3.tex --format sarif -o audit.sarif
  derivcheck audit hw3.tex --format html -o audit.html   one page, formulas typeset, plots

verdicts: holds (strength proof | exhaustive | bounded | numeric), wrong (always with a
certified counterexample or exact residual), undecided, unchecked (prose), error.
exit codes: 0 as declared / holds, 1 differs / wrong, 2 bad input, 3 undecided (--strict).
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse's default prints usage too)
        # "argument --timeout: --timeout must be ..." says the option's name once
        message = re.sub(r"^argument (--[\w-]+)(?:/[\w-]+)?: (?=\1 )", "", message)
        sys.stderr.write(f"derivcheck: error: {message} (see 'derivcheck --help')\n")
        sys.exit(2)


MAX_TIMEOUT = 86_400.0   # seconds: one day per claim


MAX_JOBS = 256           # worker processes; each slot costs the parent memory up front


def _timeout(text: str) -> float:
    """--timeout: a finite number of seconds > 0 (nan would never fire the hard kill,
    inf would make every claim an error)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        raise argparse.ArgumentTypeError(f"--timeout must be a finite number of seconds > 0 and at most "
                                         f"{MAX_TIMEOUT:g}, got {text}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"--jobs must be an integer from 1 to {MAX_JOBS}, got {text}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be an integer, got {text}") from None


COLORS = ("auto", "never", "always")


def _color_option(p) -> None:
    p.add_argument("--color", choices=COLORS, default="auto",
                   help="colour the table: auto (default) on a terminal unless NO_COLOR is set, never, always")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="derivcheck", description="Check the mathematics of deep-learning solution sets: "
                "every stated claim is proved, refuted with a certified counterexample, or reported "
                "undecided.", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="{check,list,verify,audit}", parser_class=_Parser)
    c = sub.add_parser("check", help="check catalog claims against their declarations",
                       description="Check claims of the catalog (derivations/). TARGET is 'all' (default), "
                       "a document id (004) or file, an exercise (004:Q4.3), or a claim id (004/q4.3-full).",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("targets", nargs="*", metavar="TARGET", default=["all"])
    c.add_argument("--tag", action="append", default=[], metavar="TOPIC", help="only claims with this tag")
    c.add_argument("--format", default="table", choices=["table", "json", "junit", "markdown", "html"])
    c.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    _catalog_option(c)
    _run_options(c, "claim", "exit 3 when a claim is undecided")
    ls = sub.add_parser("list", help="list catalog claims", description="List the claims of the catalog.")
    ls.add_argument("targets", nargs="*", metavar="TARGET", default=["all"])
    ls.add_argument("--tag", action="append", default=[], metavar="TOPIC")
    _catalog_option(ls)
    v = sub.add_parser("verify", help="check one line 'LHS = RHS'",
                       description="Check one claim 'LHS = RHS' in SymPy syntax (or LaTeX with --latex). "
                       "Functions: sigmoid, softplus, relu, leaky_relu(x, alpha), hardtanh, swish(x, beta), "
                       "threshold, exp, log, sqrt, tanh, sinh, cosh, Abs, Max, Min, Heaviside, diff, Sum; "
                       "constants pi, E; every other name is a real symbol. Nothing in the text is executed. "
                       # the limits of checks/parse.py (a test keeps the two in step)
                       "Limits: 2000 characters, numbers of at most 2500 digits, diff orders 1 to 16, "
                       "64 --assume, LaTeX brackets nested at most 10 deep; reading the claim has its "
                       "own budget of --timeout seconds.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("claim", metavar='"LHS = RHS"')
    v.add_argument("--assume", action="append", default=[], metavar="COND",
                   help="'x > 0', '0 < p < 1', 'x >= 1', 't integer' (repeatable)")
    v.add_argument("--latex", action="store_true", help="the claim is LaTeX")
    v.add_argument("--format", default="table", choices=["table", "json"])
    v.add_argument("--timeout", type=_timeout, default=30.0, metavar="SECONDS",
                   help=f"budget for reading the claim, and again for checking it; > 0 and at most "
                   f"{MAX_TIMEOUT:g} (default 30)")
    v.add_argument("--seed", type=_seed, default=0, metavar="N")
    _color_option(v)
    _audit_parser(sub)
    return p


AUDIT_HELP = """\
Read each FILE as written and check every step of its display mathematics: a chain
a = b = c is the steps a = b and b = c, an aligned row '&= d' continues the row above.
FILE is Markdown or text (.md, .markdown, .txt; '-' reads standard input) with $$...$$,
\\[...\\] and LaTeX environments, or LaTeX (.tex). Nothing in a document is executed.

Each step is holds, wrong (a certified counterexample and an unambiguous reading),
undecided, definition (introduces a name; used by the steps after it), condition (an
equation to solve or a case, not an identity), not_read (the reason names the construct),
or skipped. Directives in comments settle what cannot be read:
  <!-- derivcheck: assume x > 0; let \\sigma = sigmoid; index i j; sizes n = 1..6 -->
  <!-- derivcheck: expect wrong: minor: the sum starts at k = 1 -->   (a known erratum)
  % derivcheck: skip: a picture, not an equation                   (in LaTeX)
'derivcheck-file:' instead of 'derivcheck:' applies to the whole file.
"""


def _catalog_option(p) -> None:
    p.add_argument("--catalog", metavar="DIR", default=None,
                   help="a course's own catalog folder (derivation modules and annotated .md/.tex "
                        "documents) instead of derivations/; also $DERIVCHECK_CATALOG (a folder or a "
                        "package name)")


def _run_options(p, unit: str, strict: str) -> None:
    """The options of a run through the worker pool (check and audit): jobs, seed, the budget
    per claim or step, the cache, --strict and colour."""
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help=f"worker processes, 1 to {MAX_JOBS} (default: cores)")
    p.add_argument("--seed", type=_seed, default=0, metavar="N", help="fixes all sampling (default 0)")
    p.add_argument("--timeout", type=_timeout, default=30.0, metavar="SECONDS",
                   help=f"budget per {unit}, > 0 and at most {MAX_TIMEOUT:g} (default 30)")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the verdict cache")
    p.add_argument("--strict", action="store_true", help=strict)
    _color_option(p)


def _audit_parser(sub) -> None:
    a = sub.add_parser("audit", help="check every step of a document as written (Markdown or LaTeX)",
                       description=AUDIT_HELP, epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("files", nargs="+", metavar="FILE")
    a.add_argument("--format", default="table", choices=["table", "json", "markdown", "junit", "sarif", "github", "html"])
    a.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    a.add_argument("--inline", action="store_true", help="check inline $...$ formulas too")
    _run_options(a, "step", "exit 3 when a step is undecided or not read")
