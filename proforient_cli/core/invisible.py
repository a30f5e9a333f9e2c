"""Characters nobody sees in a cell but that break a number or a code: zero-width space and
joiners, word joiner, soft hyphen, a byte order mark pasted from another program."""

import re

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
