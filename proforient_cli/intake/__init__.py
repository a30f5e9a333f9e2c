"""Stage 3, intake: which files to read, opening them safely, reading the table by its «Код»
column, parsing each cell, validating a submission into values and problems, the roster, one
file per organization, and the process pool that does it for thousands of files."""
