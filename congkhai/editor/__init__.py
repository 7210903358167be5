"""The staff editor of the preview server (DESIGN.md "Commands"): forms over the content
files, under /__congkhai__/ on 127.0.0.1 only, never in a build.

schema.py   the form of each kind of file, read from the content model
values.py   posted fields <-> content values; row actions
roundtrip.py  saving into the file with comments, order and unknown keys kept (ruamel.yaml)
editing.py  one file being edited: existing, new (from the `new` scaffolds) or a unit's override
check.py    check's own messages for the proposed text, placed next to their fields
paths.py    which files may be opened (nothing outside the content folder, no symlinks)
places.py   previewed page <-> content file
names.py    what the pickers offer
guard.py    Host, Origin and the per-session CSRF token
pages.py    the editor's own templates and static files
app.py      the requests
"""
