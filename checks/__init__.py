"""derivcheck: a symbolic derivation and proof checker for deep-learning mathematics.

``from checks import verify, verify_many, check, audit_text`` (and ``VerifyResult``, the
verdict object; ``ParseError``, the ValueError of bad input): the Python API
(``checks.io.api``, ``checks.io.audit``). ``import checks`` stays cheap: SymPy is imported
when one of them is first used."""
__version__ = "0.1.0"

__all__ = ["verify", "verify_many", "check", "audit_text", "VerifyResult", "ParseError", "__version__"]

_API = ("verify", "verify_many", "check", "VerifyResult", "ParseError")


def audit_text(text: str, kind: str = "markdown", **kw):
    """``checks.io.audit.audit_text``: audit a document given as a string (see there)."""
    from checks.io.audit import audit_text as run
    return run(text, kind, **kw)


def __getattr__(name):
    # PEP 562: the API functions themselves (their signatures and docstrings), imported on
    # first use
    if name in _API:
        from checks.io import api
        return getattr(api, name)
    raise AttributeError(f"module 'checks' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
