"""What a document states and what the engine answers: claim kinds, deferred parts,
content fingerprints, verdicts and results, and the catalog's binding types.
Imports nothing else of ``checks``."""
