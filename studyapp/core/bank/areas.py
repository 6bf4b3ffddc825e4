"""Which study area an imported or own prompt is filed under.

A CSV tag names an area by its id or title in any case, or by one of a few obvious
synonyms ("climate" is Clean energy & climate); a prompt whose tags name no area is
filed under "My prompts", never under a raw tag, so area lists and counts only ever
show real areas.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studyapp.core.errors import UserFacingError
from studyapp.core.storage.db import UnitOfWork, dbapi

if TYPE_CHECKING:  # (this module is read at start-up, before the ORM is loaded)
    from sqlalchemy.orm import Session

    from studyapp.core.models import Area

OWN_AREA_ID = "mine"
OWN_AREA_TITLE = "My prompts"


def named_area(session: Session, area_id: str) -> Area:
    """The area a command names by its id (`--area`), or a refusal that lists them."""
    from sqlalchemy import select

    from studyapp.core.models import Area

    area = session.get(Area, area_id)
    if area is None:
        ids = ", ".join(session.scalars(select(Area.id).order_by(Area.position)))
        raise UserFacingError(f"There is no area called {area_id!r}; the areas are {ids}.")
    return area


# Words students tag with, and the bundled area each obviously means.
SYNONYMS = {
    "summit": "summit",
    "annual summit": "summit",
    "joint vision": "vision",
    "vision": "vision",
    "defense": "defence",
    "security": "defence",
    "strategic": "defence",
    "military": "defence",
    "quad": "defence",
    "trade": "economy",
    "investment": "economy",
    "finance": "economy",
    "economic": "economy",
    "connectivity": "infrastructure",
    "transport": "infrastructure",
    "railways": "infrastructure",
    "rail": "infrastructure",
    "climate": "energy",
    "clean energy": "energy",
    "environment": "energy",
    "hydrogen": "energy",
    "technology": "innovation",
    "tech": "innovation",
    "space": "innovation",
    "semiconductors": "innovation",
    "skills": "innovation",
    "healthcare": "health",
    "medicine": "health",
    "people": "culture",
    "tourism": "culture",
    "buddhism": "culture",
    "frictions": "friction",
    "challenges": "friction",
    "way forward": "measures",
    "subnational": "subnational",
    "sub national": "subnational",
    "states": "subnational",
    "prefectures": "subnational",
    "sister city": "subnational",
    "mine": OWN_AREA_ID,
    "my prompts": OWN_AREA_ID,
}


def normalise_tag(tag: str) -> str:
    """ "Clean-Energy", "#clean_energy" and "clean energy" are the same tag."""
    return " ".join(re.split(r"[\s_\-#/]+", tag.casefold())).strip()


class AreaLookup:
    """Tag → area id for the areas in the database (built once per import)."""

    def __init__(self, areas: Iterable[tuple[str, str]]) -> None:
        self.titles: dict[str, str] = {}
        names: dict[str, str] = {}
        for area_id, title in areas:
            self.titles[area_id] = title
            names[normalise_tag(area_id)] = area_id
            names[normalise_tag(title)] = area_id
        for word, area_id in SYNONYMS.items():
            if area_id in self.titles:
                names.setdefault(normalise_tag(word), area_id)
        self._names = names
        self.titles.setdefault(OWN_AREA_ID, OWN_AREA_TITLE)
        # An import asks for the same few sets of tags again and again.
        self._by_tags: dict[tuple[str, ...], str] = {}

    def area_of_tag(self, tag: str) -> str | None:
        return self._names.get(normalise_tag(tag))

    def area_for(self, tags: Sequence[str]) -> str:
        """The area the first tag that names one points to, else "My prompts"."""
        key = tuple(tags)
        area = self._by_tags.get(key)
        if area is None:
            found = (self._names.get(normalise_tag(tag)) for tag in tags)
            area = self._by_tags[key] = next((a for a in found if a is not None), OWN_AREA_ID)
        return area


def area_lookup(unit: UnitOfWork) -> AreaLookup:
    return AreaLookup(dbapi(unit).execute("SELECT id, title FROM areas ORDER BY position"))


@dataclass(frozen=True)
class TagMapping:
    """One line of the import dialog: a tag, where its prompts go, how many."""

    tag: str  # "" for prompts without tags
    area: str
    area_title: str
    prompts: int


def tag_mapping(lookup: AreaLookup, tag_lists: Iterable[Sequence[str]]) -> list[TagMapping]:
    """How the prompts' tags map to areas, by the tag that decided each prompt's area
    (or its first tag when none did), most prompts first."""
    counts: Counter[tuple[str, str]] = Counter()
    for tags in tag_lists:
        deciding = next((t for t in tags if lookup.area_of_tag(t) is not None), None)
        tag = deciding if deciding is not None else (tags[0] if tags else "")
        counts[(tag, lookup.area_for(tags))] += 1
    return [
        TagMapping(tag, area, lookup.titles.get(area, area), n)
        for (tag, area), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
