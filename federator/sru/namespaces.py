"""SRU's XML namespaces and schema identifiers (LoC SRU 1.1/1.2; OASIS searchRetrieve 2.0)."""

from __future__ import annotations

SRU1_NS = "http://www.loc.gov/zing/srw/"
SRU2_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
# Seen in the wild: the 1.x namespace without its trailing slash. Other SRU clients accept it.
SRU1_NS_VARIANTS = frozenset({SRU1_NS, SRU1_NS.rstrip("/")})
DIAG1_NS = "http://www.loc.gov/zing/srw/diagnostic/"
DIAG2_NS = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
ZEEREX_NS = "http://explain.z3950.org/dtd/2.0/"
MARC_NS = "http://www.loc.gov/MARC21/slim"
VERSIONS = ("1.1", "1.2", "2.0")
MARCXML_URI = "info:srw/schema/1/marcxml-v1.1"
DC_URI = "info:srw/schema/1/dc-v1.1"
