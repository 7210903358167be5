"""Thin entry point: `python build.py <command>` is the same as `congkhai <command>`."""

from congkhai.cli import main

if __name__ == "__main__":
    main()
