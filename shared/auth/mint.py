"""Mint a bearer token for local use: ``python -m shared.auth.mint --role municipality --municipality GM0796``.

The region of a municipality token is taken from the reference data when not given.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from shared.auth.principal import Principal, Role
from shared.auth.tokens import InvalidToken, check_scope, mint
from shared.refdata import load_reference_data
from shared.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", required=True, choices=[r.value for r in Role])
    parser.add_argument("--region", help="VR01..VR25 (region and municipality roles)")
    parser.add_argument("--municipality", help="GMxxxx (municipality role)")
    parser.add_argument("--sub", default="local-user", help="subject: who the token is for")
    parser.add_argument("--hours", type=float, default=8.0)
    args = parser.parse_args(argv)
    reference = load_reference_data()
    region = args.region
    if args.municipality and not region and args.municipality in reference.municipalities:
        region = reference.municipalities[args.municipality].region_code
    principal = Principal(args.sub, Role(args.role), region, args.municipality)
    try:
        check_scope(principal, reference)
    except InvalidToken as error:
        parser.error(str(error))
    print(mint(Settings().auth, principal, timedelta(hours=args.hours)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
