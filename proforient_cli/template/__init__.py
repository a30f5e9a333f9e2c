"""Stage 2, the collection template: the layout contract the reader relies on (layout.py), the
plan of rows, the live Excel checks, and the workbook each organization fills."""
