"""Audit, stage 5: from a document's steps to claims (plan.py): each step read, classified
(definition, condition, claim), rewritten with what the document said, and given the claim
the engine decides; with the step kinds that need a construction of their own (the chain
rule through an unwritten loss, recurrences, arg max, lists, convolutions, softmax of
lists, Gaussian expectations and KL terms). run.py, above this package, checks the claims
in the worker pool and makes the report."""
