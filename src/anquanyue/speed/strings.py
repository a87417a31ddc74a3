"""One string object per sheet name, date and place among the results a worker passes back, and one dict of
places for the forms whose blanks were found in the very same cells.

They recur from form to form; interned in the worker, each batch pickles one of each, and the main process of a
10,000-form merge holds about 7 MB less. Forms filled in from one template have their blanks in the same cells:
their ``locations`` are equal, and one dict serves them all (a result's ``locations`` is never modified after
reading). Values are unchanged: only which equal object is kept.
"""
from __future__ import annotations

import sys

from anquanyue.reading.reader import FileResult


def share_strings(result: FileResult, places: dict[tuple, dict[str, str]] | None = None) -> FileResult:
    """``places``: the ``locations`` dicts seen so far (by their items), one of which ``result`` takes if equal."""
    if result.sheet:
        result.sheet = sys.intern(result.sheet)
    if result.date:
        result.date = sys.intern(result.date)
    if result.locations:
        result.locations = share_places(result.locations, places, intern=True)
    return result


def share_places(locations: dict[str, str], places: dict[tuple, dict[str, str]] | None,
                 intern: bool = False) -> dict[str, str]:
    """The dict in ``places`` equal to ``locations`` (which is added when none is); ``intern``: its strings too."""
    key = tuple(locations.items())
    same = places.get(key) if places is not None else None
    if same is None:
        same = {code: sys.intern(place) for code, place in key} if intern else locations
        if places is not None:
            places[key] = same
    return same
