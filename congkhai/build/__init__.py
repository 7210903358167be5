"""The build stages, in the order of the data flow: load, parse, validate, routes, render,
outputs (search index, open data), link check, write. Each takes its input and returns values."""
