"""Incremental builds: the reuse interface build() asks (reuse.py), the build cache that
implements it on disk or in memory (cache.py, store.py) and the keep-or-render decision (pages.py).
It knows the stages only through the dependency records and page keys of model/dependencies.py."""
