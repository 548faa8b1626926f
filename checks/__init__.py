"""derivcheck: a symbolic derivation and proof checker for deep-learning mathematics."""
__version__ = "0.1.0"


def audit_text(text: str, kind: str = "markdown", **kw):
    """``checks.io.audit.audit_text``: audit a document given as a string (see there)."""
    from checks.io.audit import audit_text as run
    return run(text, kind, **kw)
