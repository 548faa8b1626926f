"""Running the catalog: the engine (one hook per claim kind), the worker pool, the host
that imports the catalog, the verdict cache and module snapshots."""
