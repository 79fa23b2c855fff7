"""A region's and a gemeente's own picture for people who open it in Excel: Dutch
column names and words, ``;`` between fields and a UTF-8 byte order mark (what Dutch
Excel expects), cells that Excel would run as a formula neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from shared.refdata import ReferenceData
from services.inventory.domain.coverage import Coverage
from services.inventory.domain.noodsteunpunt import Noodsteunpunt

WORDS = {
    "local": "lokaal", "regional": "regionaal",
    "planned": "gepland", "inventoried": "geïnventariseerd", "agreed": "afgesproken", "equipped": "uitgerust",
    "exercised": "beoefend", "operational": "operationeel",
    "inactive": "inactief", "opening": "gaat open", "open": "open", "full": "vol", "closing": "sluit",
    "closed": "gesloten",
}
PICTURE_HEADER = ("Gemeente", "Inwoners", "Noodsteunpunten", "Operationeel", "Nodig volgens de norm",
                  "Tekort (operationeel)", "Tekort (alle geplande)", "Inwoners per operationeel noodsteunpunt")
NSP_HEADER = ("Naam", "Gemeente", "Laag", "Gereedheid", "Activering", "Openbaar", "Adres", "Breedtegraad",
              "Lengtegraad")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def picture_csv(parts: Iterable[Coverage]) -> bytes:
    rows = [(p.name, p.population, p.planned, p.operational, p.needed, p.gap_operational, p.gap_planned,
             p.inhabitants_per_operational_nsp if p.inhabitants_per_operational_nsp is not None else "")
            for p in parts]
    return excel_csv(PICTURE_HEADER, rows)


def noodsteunpunten_csv(nsps: Iterable[Noodsteunpunt], reference: ReferenceData) -> bytes:
    rows = [(n.name, reference.municipalities[n.municipality_code].name, WORDS[n.layer.value],
             WORDS[n.readiness.value], WORDS[n.activation_status.value], "ja" if n.public else "nee",
             n.details.address or "", _decimal(n.details.latitude), _decimal(n.details.longitude))
            for n in sorted(nsps, key=lambda n: (n.municipality_code, n.name))]
    return excel_csv(NSP_HEADER, rows)


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".replace(".", ",")
