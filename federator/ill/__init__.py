"""Interlibrary loan (fjärrlån) for staff: which copies can go out and by which rule
(`rules`), every copy with its library, freshness and relation to the staff's own library
(`copies`), which lender to ask and why (`lenders`), and the hand-off: the request as ISO
18626 names its fields (`request`, `iso18626`) and a CSV for Swedish spreadsheets (`export`).

Pure: no I/O; the web layer asks the catalogues and puts the answers into words.
"""

from federator.ill.copies import Freshness, IllOption, Relation, ill_options, library_id
from federator.ill.export import spreadsheet_csv
from federator.ill.lenders import CRITERIA, LenderPlan, LenderRules, Reason, plan_lenders
from federator.ill.request import IllRequest, MissingAgencyId, build_request
from federator.ill.rules import DEFAULT_FORMATS, Decision, Rule, Scope, decide

__all__ = [
    "CRITERIA",
    "DEFAULT_FORMATS",
    "Decision",
    "Freshness",
    "IllOption",
    "IllRequest",
    "LenderPlan",
    "LenderRules",
    "MissingAgencyId",
    "Reason",
    "Relation",
    "Rule",
    "Scope",
    "build_request",
    "decide",
    "ill_options",
    "library_id",
    "plan_lenders",
    "spreadsheet_csv",
]
