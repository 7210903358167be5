"""Search: the documents a unit's site indexes and the client-side index built from them."""
