"""A region's and a gemeente's own picture for people who open it in Excel: Dutch column
names and words, written by the platform's one CSV writer for Excel readers."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from shared.documents import excel_csv, words
from shared.refdata import ReferenceData
from services.inventory.domain.coverage import Coverage
from services.inventory.domain.noodsteunpunt import Noodsteunpunt

PICTURE_HEADER = ("Gemeente", "Inwoners", "Noodsteunpunten", "Operationeel", "Nodig volgens de norm",
                  "Tekort (operationeel)", "Tekort (alle geplande)", "Inwoners per operationeel noodsteunpunt")
NSP_HEADER = ("Naam", "Gemeente", "Laag", "Gereedheid", "Activering", "Openbaar", "Adres", "Breedtegraad",
              "Lengtegraad")


def picture_csv(parts: Iterable[Coverage]) -> bytes:
    rows = [(p.name, p.population, p.planned, p.operational, p.needed, p.gap_operational, p.gap_planned,
             p.inhabitants_per_operational_nsp) for p in parts]
    return excel_csv.write(PICTURE_HEADER, rows)


def noodsteunpunten_csv(nsps: Iterable[Noodsteunpunt], reference: ReferenceData) -> bytes:
    rows = [(n.name, reference.municipalities[n.municipality_code].name, words.LAYER[n.layer.value],
             words.READINESS[n.readiness.value], words.ACTIVATION[n.activation_status.value], n.public,
             n.details.address, _coordinate(n.details.latitude), _coordinate(n.details.longitude))
            for n in sorted(nsps, key=lambda n: (n.municipality_code, n.name))]
    return excel_csv.write(NSP_HEADER, rows)


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.6f}")
