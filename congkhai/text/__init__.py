"""Vietnamese text: NFC, collation, dates, folding and search tokens; Markdown; agency links."""
