"""Stage 4, compute: every indicator for every organization and for the total (a group's value
from its sums), the one target judgement, the earlier periods' cumulative sums, and the regional
roll-up."""
