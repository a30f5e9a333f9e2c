"""Stage 5, the report: the view that decides what the report says (view.py), its layouts
(report.md, report.xlsx, the CSV tables) and the report folder written all or nothing and read
back by later runs (folder.py)."""
