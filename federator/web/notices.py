"""What a results page says besides the results: what the text was read as (with the way back
to the text as typed), the correction searched instead, and catalogues that hold more than was
fetched. The words come from templates/_notices.html; this only gathers the values."""

from __future__ import annotations

from typing import Any

from federator.models import Format, SearchResult, Understood
from federator.query import plain_words

# The order formats are named in ("Ljudböcker och e-böcker som matchar ...").
_FORMAT_ORDER = {f: n for n, f in enumerate(Format)}


def notices(result: SearchResult, literal_url: str) -> dict[str, Any]:
    request = result.request
    understanding = request.understanding
    readings = understanding.readings if understanding else ()
    formats = sorted(understanding.formats, key=_FORMAT_ORDER.__getitem__) if understanding else []
    return {
        "readings": [r for r in readings if r.kind is not Understood.FORMAT],
        "read_formats": [f.value for f in formats],
        "format_words": [r.typed for r in readings if r.kind is Understood.FORMAT],
        "searched_words": plain_words(request.query) or "",
        "literal_url": literal_url,
        "cut_targets": [t for t in result.targets if t.is_cut],
    }
