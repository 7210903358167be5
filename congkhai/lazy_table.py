"""A mapping that pickles one entry at a time, so that a large table kept between builds costs,
to read back and to write again, only the entries a build used."""

from __future__ import annotations

import pickle
from collections.abc import MutableMapping


class LazyTable(MutableMapping):
    """A mapping kept between builds as one pickled blob per entry: reading it back costs
    nothing until an entry is used, and writing it again re-pickles only the entries used
    (the index of 10,000 procedures has 22,000 terms; one edit touches a few dozen).

    ``frozen``: values are never changed in place, so an entry read keeps its blob and is not
    pickled again (the parse cache, open data lines)."""

    def __init__(self, values: dict | None = None, frozen: bool = False):
        self._blobs: dict = {}
        self._live: dict = dict(values or {})
        self.frozen = frozen

    def __getitem__(self, key):
        try:
            return self._live[key]
        except KeyError:
            blob = self._blobs[key] if self.frozen else self._blobs.pop(key)
            value = self._live[key] = pickle.loads(blob)
            return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def replaced(self, values: dict, same_key_same_value: bool = False) -> LazyTable:
        """A frozen table of ``values`` that reuses this one's blobs for the entries that are
        unchanged: the very object read from here, or any value under a key that names its
        content (``same_key_same_value``: a file digest)."""
        table = LazyTable(frozen=True)
        for key, value in values.items():
            blob = self._blobs.get(key) if self.frozen else None
            if blob is not None and (same_key_same_value or self._live.get(key) is value):
                table._blobs[key] = blob
            else:
                table._live[key] = value
        return table

    def pack(self) -> None:
        """Pickle every entry in use now: the table then holds bytes only (a fraction of the
        memory), and an entry read again is unpickled anew."""
        for key, value in self._live.items():
            self._blobs[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._live.clear()

    def __setitem__(self, key, value):
        self._blobs.pop(key, None)
        self._live[key] = value

    def __delitem__(self, key):
        if self._live.pop(key, _MISSING) is _MISSING:
            del self._blobs[key]
        else:
            self._blobs.pop(key, None)

    def __contains__(self, key):
        return key in self._live or key in self._blobs

    def __iter__(self):  # a snapshot: reading an entry moves it from one dict to the other
        return iter([*self._live, *self._blobs])

    def __len__(self):
        return len(self._live) + len(self._blobs)

    def __getstate__(self):
        blobs = dict(self._blobs)
        blobs.update((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                      for key, value in self._live.items() if key not in blobs)
        return blobs, self.frozen

    def __setstate__(self, state):
        (self._blobs, self.frozen), self._live = state, {}


_MISSING = object()
