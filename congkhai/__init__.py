"""congkhai: a static site generator for administrative-procedure disclosures."""

__version__ = "0.1.0"
