"""Audit, stage 1: from a file to steps. Loading (bounded, UTF-8), the document's macros and
directives, its display mathematics, relation chains cut into steps, each step's location from
the document's own headings, and the plain text around a formula set aside (clean.py,
syntax.py). Pure text, but for a directive's own formula, which directives.py has read, and
the reader's limits and allowlist, which macros.py keeps to (reading/notation.py)."""
