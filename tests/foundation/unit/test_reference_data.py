"""The project's own copy of the reference data holds the checks its sources state."""

from shared.refdata import load_reference_data


def test_regions_and_municipalities_are_complete_and_consistent():
    data = load_reference_data()
    assert sorted(data.regions) == [f"VR{n:02d}" for n in range(1, 26)]
    assert len(data.municipalities) == 342
    assert {m.region_code for m in data.municipalities.values()} == set(data.regions)
    assert sum(m.population for m in data.municipalities.values()) == 17_942_942
    for code, region in data.regions.items():
        assert region.population == sum(m.population for m in data.municipalities_in(code)), code


def test_brabant_noord_has_its_eleven_municipalities():
    data = load_reference_data()
    members = data.municipalities_in("VR21")
    assert len(members) == 11
    assert sum(m.population for m in members) == 676_914
    assert {"Oss", "'s-Hertogenbosch", "Land van Cuijk", "Maashorst"} <= {m.name for m in members}
