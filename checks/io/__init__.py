"""The edges: the command line, parsing of ``verify`` input, and the reporters."""
