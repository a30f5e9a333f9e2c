"""What every stage shares: organizations, Russian number formatting, file and column names, the
one Jinja environment, the names of the report files and the one exception a run may stop with.
Nothing here knows about any stage."""
