"""PostgreSQL's date templates (TO_CHAR, TO_TIMESTAMP) in MongoDB's terms.

Numeric patterns become $dateToString / $dateFromString codes; month and day names, 12-hour
clocks, AM/PM and FM (no padding) are built from the date's parts, since MongoDB 6.0 has no
codes for them. As in PostgreSQL, `Month` and `Day` are blank-padded to 9 characters unless
FM precedes them, and the case of a name pattern is the case of the output.
"""

from __future__ import annotations

import calendar
import re

NUMERIC = {
    "YYYY": "%Y", "IYYY": "%G", "MM": "%m", "DDD": "%j", "DD": "%d", "HH24": "%H", "MI": "%M", "SS": "%S",
    "MS": "%L", "US": "%L000", "IW": "%V", "ID": "%u",
}
_UNPADDED = {  # FM<pattern>: the number without leading zeros
    "MM": "$month", "DD": "$dayOfMonth", "DDD": "$dayOfYear", "HH24": "$hour", "MI": "$minute",
    "SS": "$second", "YYYY": "$year", "IW": "$isoWeek", "ID": "$isoDayOfWeek",
}
_MONTHS = [calendar.month_name[m] for m in range(1, 13)]
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]  # $dayOfWeek order
_NAMES = ("MONTH", "MON", "DAY", "DY")
_CLOCK = ("HH12", "HH", "AM", "PM")
_TOKEN = re.compile(
    r'"[^"]*"|FM|' + "|".join(sorted([*NUMERIC, *_NAMES, *_CLOCK], key=len, reverse=True)) + r"|[A-Za-z]+|.",
    re.IGNORECASE | re.DOTALL,
)
_HINT = 'Supported: ' + ", ".join([*NUMERIC, "HH12", "AM", "Month", "Mon", "Day", "Dy", "FM"]) + \
    '; put literal text in "double quotes".'


def to_char(c, node, date, template: str):
    """MQL text of `date` (an MQL operand, evaluated once) formatted by `template`."""
    pieces, codes, fill = [], [], True
    for token in _TOKEN.findall(template):
        upper = token.upper()
        if upper == "FM":
            fill = False
            continue
        if token.startswith('"'):
            codes.append(token[1:-1].replace("%", "%%"))
        elif upper in NUMERIC and (fill or upper not in _UNPADDED):
            codes.append(NUMERIC[upper])
        elif upper in NUMERIC or upper in _NAMES or upper in _CLOCK:
            if codes:
                pieces.append({"$dateToString": {"date": "$$when", "format": "".join(codes)}})
                codes = []
            pieces.append(_computed(token, upper, fill))
        elif token.isalpha():
            raise c.ctx.unsupported(node, f'the TO_CHAR pattern "{token}"', hint=_HINT)
        else:
            codes.append(token.replace("%", "%%"))
        fill = True
    if codes:
        pieces.append({"$dateToString": {"date": "$$when", "format": "".join(codes)}})
    text = pieces[0] if len(pieces) == 1 else {"$concat": pieces}
    return {"$let": {"vars": {"when": date}, "in": text}}


def _computed(token: str, upper: str, fill: bool):
    if upper in _UNPADDED:
        return {"$toString": {_UNPADDED[upper]: "$$when"}}
    if upper in ("HH12", "HH"):
        hour = {"$add": [{"$mod": [{"$add": [{"$hour": "$$when"}, 11]}, 12]}, 1]}
        text = {"$toString": hour}
        return {"$cond": [{"$lt": [hour, 10]}, {"$concat": ["0", text]}, text]} if fill else text
    if upper in ("AM", "PM"):
        morning, evening = ("AM", "PM") if token.isupper() else ("am", "pm")
        return {"$cond": [{"$lt": [{"$hour": "$$when"}, 12]}, morning, evening]}
    names, index = (_MONTHS, {"$subtract": [{"$month": "$$when"}, 1]}) if upper.startswith("MON") else \
        (_DAYS, {"$subtract": [{"$dayOfWeek": "$$when"}, 1]})
    if upper in ("MON", "DY"):
        names = [n[:3] for n in names]
    elif fill:
        names = [n.ljust(9) for n in names]
    return {"$arrayElemAt": [{"$literal": [_cased(n, token) for n in names]}, index]}


def _cased(name: str, token: str) -> str:
    if token.isupper():
        return name.upper()
    return name.lower() if token.islower() else name


def parse_codes(c, node, template: str) -> str:
    """A $dateFromString format for TO_TIMESTAMP(text, template): numeric patterns only."""
    codes = []
    for token in _TOKEN.findall(template):
        if token.startswith('"'):
            codes.append(token[1:-1].replace("%", "%%"))
        elif token.upper() in NUMERIC:
            codes.append(NUMERIC[token.upper()])
        elif token.isalpha():
            raise c.ctx.unsupported(node, f'the TO_TIMESTAMP pattern "{token}"',
                                    hint="Supported: " + ", ".join(NUMERIC) + '; put literal text in "double quotes".')
        else:
            codes.append(token.replace("%", "%%"))
    return "".join(codes)
