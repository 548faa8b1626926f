"""Homework 1 (an example course's catalog module): a marked copy of hw1-solutions.md.

Each row is one statement of the solutions, written as the document writes it: ``id | relation``
and optional fields (``assume:``, ``sizes:``, ``erratum SEVERITY | correction:``, a note).
"""
from checks.dl import sigmoid
from checks.model.catalog import Document
from checks.text.rows import rows

DOCUMENT = Document(file="hw1-solutions.md", id="hw1", title="Homework 1: activations and Adam",
                    questions=("1", "2"))

CLAIMS = rows("1", """
    sym       | sigma(-x) = 1 - sigma(x)
    deriv     | diff(sigma(x), x) = sigma(x)*(1 - sigma(x))
    tanh      | tanh(x) = 2*sigma(2*x) - 1 | sigma read as the logistic sigmoid
""", names={"sigma": sigmoid}, tags=("activations",)) + rows("2", """
    geometric | (1 - b)*Sum(b^(t - k), (k, 1, t)) = 1 - b^(t + 1) | assume: 0 < b < 1, t >= 1 | erratum major | correction: (1 - b)*Sum(b^(t - k), (k, 1, t)) = 1 - b^t
    unbiased  | (1 - b^t)/(1 - b^t) = 1 | assume: 0 < b < 1, t >= 1 | bias correction divides by 1 - b^t
""", tags=("adam",))
