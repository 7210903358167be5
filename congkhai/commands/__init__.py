"""The commands besides build and check: serve (preview), deploy, new (scaffolds), import."""
