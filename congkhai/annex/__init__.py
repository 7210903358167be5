"""Reading a publishing decision (Word or PDF) and its annex: blocks of text and tables, the
decision and its parts, each procedure element as content keys."""
