"""A tree of units (DESIGN.md "Units"): one common catalogue, one site per unit, a hub page."""
