"""Placeholders in toolkit templates, written ``{{name}}``, and what fills them locally."""

from __future__ import annotations

import re

PATTERN = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")

# name -> what fills it in a municipality's local version
KNOWN = {
    "gemeente": "the municipality's name",
    "regio": "the safety region's name",
    "campagne": "the campaign's name",
    "gedragsdoel": "the campaign's behaviour goal",
    "telefoon": "the municipality's contact phone number",
    "email": "the municipality's contact e-mail address",
    "website": "the municipality's contact website",
    "noodsteunpunten": "the addresses of the municipality's public, operational noodsteunpunten",
}


def placeholders_in(text: str) -> list[str]:
    return list(dict.fromkeys(PATTERN.findall(text)))


def fill(text: str, values: dict[str, str]) -> str:
    return PATTERN.sub(lambda match: values[match.group(1)], text)
