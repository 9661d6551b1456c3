import pytest
from legal_cases import FIXTURES

from putokaz.legal.catalogue import PACKAGE_CATALOGUES, load_catalogues


@pytest.fixture
def with_fixture_country():
    return load_catalogues(PACKAGE_CATALOGUES, FIXTURES)
