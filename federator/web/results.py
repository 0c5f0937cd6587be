"""A search seen as work groups: every ranked edition is needed to group them, then a page of
groups is cut. The pipeline is unchanged; only the page it is asked for is all of it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from federator.groups import group_works, page_of_groups
from federator.models import SearchRequest, SearchResult, WorkGroup
from federator.service import SearchService

ALL_EDITIONS = 100_000  # more than every catalogue's max_records together


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupedResult:
    result: SearchResult  # every edition, ranked (result.request asks for all of them)
    request: SearchRequest  # the request as asked: its page counts groups
    groups: tuple[WorkGroup, ...]  # this page's
    total_groups: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total_groups // self.request.page_size))


async def grouped_search(service: SearchService, request: SearchRequest) -> GroupedResult:
    result = await service.search(replace(request, page=1, page_size=ALL_EDITIONS))
    groups = group_works(result.results)
    return GroupedResult(
        result=result,
        request=request,
        groups=page_of_groups(groups, request.page, request.page_size),
        total_groups=len(groups),
    )
