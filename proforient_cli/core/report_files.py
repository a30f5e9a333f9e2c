"""The names of the files in a report folder.

``report/folder.py`` writes and reads them; ``intake/collect.py`` recognises a report folder by
them so that a report is never read back as a submission. Names are pinned (DESIGN.md): add a
file, never rename one.
"""

REPORT_DOCX = "report.docx"  # the analytical report a methodist signs
REPORT_MD = "report.md"
REPORT_XLSX = "report.xlsx"
RESULTS_CSV = "results.csv"
PROBLEMS_CSV = "problems.csv"
SUMS_CSV = "sums.csv"  # for every indicator, the sums of its elements: what a roll-up adds up
RUN_JSON = "run.json"  # the period and the methodology, for a later run and a roll-up
METHODOLOGY_YAML = "methodology.yaml"  # a copy of the methodology the report was computed with
CHANGES_CSV = "changes.csv"  # with --previous: every indicator's change, over a comparable set

# A folder holding both is a report written by proforient, never an input.
MARKERS = (RESULTS_CSV, REPORT_MD)
# The spreadsheets among the files: never read as submissions, even when the report folder is
# the input folder itself.
SPREADSHEET_OUTPUTS = (REPORT_XLSX,)

# The pinned headers. A reader checks that the columns it needs are there, not the whole header:
# columns may be added at the end (DESIGN.md «Interfaces, pinned»).
RESULTS_HEADER = ("level", "org_code", "org_name", "indicator", "title", "value", "numerator",
                  "denominator", "unit", "target", "target_met")
PROBLEMS_HEADER = ("code", "file", "sheet", "cell", "element", "found", "expected", "message")
SUMS_HEADER = ("indicator", "element", "sum", "covered", "applicable")
CHANGES_HEADER = ("level", "org_code", "org_name", "indicator", "title", "period", "previous_period", "value",
                  "previous_value", "change", "unit", "organizations")
