"""Dependencies point one way: io -> run -> build -> prove / text -> model / dl; inside the
audit (checks/io/audit), parse -> reading -> document -> arrays -> planning, but the arrows
listed in AUDIT_BACK.

Every import of every module of ``checks/`` (lazy ones inside functions included) is
read with ``ast`` and placed in its room; an import of a room further up the pipeline,
or across the two bottom rooms, is a failure that names the file, the line and the arrow.
The catalog (``derivations/``) may import only ``checks.model``, ``checks.dl``, ``checks.text``
(plain identities as text rows) and ``checks.build`` (flint's exact arithmetic comes through ``checks.build``).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# room -> rank; a module may import its own room and rooms of lower rank
RANK = {"model": 0, "dl": 0, "prove": 1, "text": 1, "build": 2, "run": 3, "io": 4}
CATALOG_MAY_IMPORT = {"model", "dl", "text", "build"}


def room(module: str) -> str | None:
    """The room of a dotted module name of the engine; None outside ``checks`` or for
    the package root (``checks.__version__``)."""
    parts = module.split(".")
    if parts[0] != "checks" or len(parts) == 1:
        return None
    if parts[1] in ("dl", "integers"):   # the vocabulary of functions: the bottom room
        return "dl"
    return parts[1] if parts[1] in RANK else None


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(line, imported module) for every import in the file, relative ones resolved;
    ``from pkg import name`` yields ``pkg.name`` (name may be a sub-module)."""
    tree = ast.parse(path.read_text(), str(path))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[:len(package) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for a in node.names:
                yield node.lineno, f"{base}.{a.name}"


def violations(paths) -> list:
    out = []
    for path in paths:
        src = room(module_name(path))
        for line, target in imports(path):
            dst = room(target)
            if src is None or dst is None or dst == src:
                continue
            if RANK[dst] >= RANK[src]:
                out.append(f"{path.relative_to(ROOT)}:{line}: {src} -> {dst} ({target})")
    return out


def engine_files():
    return sorted(p for p in (ROOT / "checks").rglob("*.py") if "__pycache__" not in p.parts)


def test_every_engine_module_is_in_a_room():
    homeless = [str(p.relative_to(ROOT)) for p in engine_files()
                if p.parent != ROOT / "checks" and room(module_name(p)) is None]
    loose = [p.name for p in (ROOT / "checks").glob("*.py")
             if p.name != "__init__.py" and room(module_name(p)) is None]
    assert not homeless and not loose, (homeless, loose)


def test_engine_imports_point_down_the_pipeline():
    assert violations(engine_files()) == []


def test_catalog_imports_only_model_dl_and_build():
    bad = []
    for path in sorted((ROOT / "derivations").rglob("*.py")):
        for line, target in imports(path):
            top = target.split(".")[0]
            if top == "flint" or (top == "checks" and room(target) not in CATALOG_MAY_IMPORT):
                bad.append(f"{path.relative_to(ROOT)}:{line}: {target}")
    assert bad == []


@pytest.mark.parametrize("src, code, arrow", [
    ("checks/prove/x.py", "from checks.run import engine\n", "prove -> run"),
    ("checks/model/x.py", "def f():\n    from checks.dl import sigmoid\n", "model -> dl"),
    ("checks/prove/x.py", "from ..build import same\n", "prove -> build"),
    ("checks/run/x.py", "from ..io import parse\n", "run -> io"),
])
def test_an_arrow_pointing_up_is_found(tmp_path, monkeypatch, src, code, arrow):
    # the checker itself, on a module written against the direction (lazy and relative too)
    found = violations([_fake_module(tmp_path, monkeypatch, src, code)])
    assert len(found) == 1 and arrow in found[0], found


def test_an_arrow_pointing_down_is_allowed(tmp_path, monkeypatch):
    fake = _fake_module(tmp_path, monkeypatch, "checks/run/x.py",
                        "from checks.prove.decide import decide\nfrom checks import build, dl\n"
                        "from checks.model import claims\nfrom . import cache\n")
    assert violations([fake]) == []


def _fake_module(tmp_path, monkeypatch, path: str, code: str):
    """A module at ``path`` under a fake project root (the checkers read ROOT)."""
    fake = tmp_path / path
    fake.parent.mkdir(parents=True)
    fake.write_text(code)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    return fake


# the audit's stages, in pipeline order (checks/io/audit/__init__.py); the package's own
# modules (run.py, catalogued.py) sit above them all
AUDIT = "checks.io.audit"
STAGES = ("parse", "reading", "document", "arrays", "planning")
# imports against that order that exist today, each for a reason of its own (a directive's
# formula is read; the reader knows two step kinds whole, lists and densities; a reading asks
# what the document said of a name; the document's doubts name step kinds). A new one fails
# the test below: put the module in its stage, or add the arrow here with its reason.
AUDIT_BACK = {
    "parse.directives -> reading.labels", "parse.directives -> reading.notation",
    "parse.directives -> reading.read", "parse.macros -> reading.notation",
    "reading.read -> planning.lists", "reading.scan -> arrays.entrywise",
    "reading.names -> planning.probability", "reading.components -> document.context",
    "reading.structures -> arrays.grids", "reading.structures -> arrays.vectors",
    "reading.labels -> document.context", "document.context -> planning.probability",
    "document.context -> arrays.vecfun", "document.context -> arrays.vecops",
    "document.doubts -> planning.conv", "document.doubts -> planning.lists",
    "document.doubts -> planning.recur", "document.arbitrary -> planning.plan",
    "document.intermed -> arrays.matrices",
}


def _stage(module: str):
    """(stage, stage.module) of a dotted module inside the audit, or None (the package's own
    modules, which may import every stage, and everything outside it)."""
    parts = module.split(".")
    if module.startswith(AUDIT + ".") and len(parts) > 4 and parts[3] in STAGES:
        return parts[3], f"{parts[3]}.{parts[4]}"
    return None


def audit_back_arrows(paths) -> set:
    out = set()
    for path in paths:
        src = _stage(module_name(path))
        if src is None:
            continue
        for _, target in imports(path):
            dst = _stage(target)
            if dst is not None and STAGES.index(dst[0]) > STAGES.index(src[0]):
                out.add(f"{src[1]} -> {dst[1]}")
    return out


def test_every_audit_module_is_in_a_stage():
    root = ROOT / "checks" / "io" / "audit"
    loose = sorted(p.name for p in root.glob("*.py") if p.name not in ("__init__.py", "run.py", "catalogued.py"))
    stray = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if p.parent != root and p.parent.name not in STAGES)
    assert not loose and not stray, (loose, stray)


def test_audit_imports_point_down_its_stages_but_the_listed_arrows():
    found = audit_back_arrows(sorted((ROOT / "checks" / "io" / "audit").rglob("*.py")))
    assert found - AUDIT_BACK == set(), "new imports against the audit's stages"
    assert AUDIT_BACK - found == set(), "listed arrows that are gone: drop them from AUDIT_BACK"


def test_an_audit_arrow_against_the_stages_is_found(tmp_path, monkeypatch):
    fake = _fake_module(tmp_path, monkeypatch, "checks/io/audit/reading/x.py",
                        "from ..document import said\ndef f():\n    from ..planning.plan import Planner\n"
                        "from ..parse.load import load\n")
    assert audit_back_arrows([fake]) == {"reading.x -> document.said", "reading.x -> planning.plan"}


def test_the_cached_path_imports_no_sympy():
    # an unchanged catalog is reported from snapshots: the CLI, the snapshot reader and
    # the result rows must not pull SymPy in (a fingerprint helper once did, through cache)
    import subprocess
    code = ("import sys, checks.io.cli_main, checks.run.snapshot, checks.run.results, checks.run.cache, "
            "checks.model.verdict; print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
