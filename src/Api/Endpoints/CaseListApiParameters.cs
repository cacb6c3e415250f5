using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// GET /api/v1/cases query: the filters, search and sort of <see cref="CaseListParameters"/> (the UI's URL), paged by
/// <c>cursor</c> and <c>limit</c> instead of page numbers — an OFFSET skips or repeats cases when cases are created or
/// updated while a ticketing system pages through thousands.
/// </summary>
internal sealed record CaseListApiParameters(
    string[]? Status,
    string[]? Priority,
    string? Assignee,
    string? Tag,
    string? Customer,
    string? Class,
    string? Kernel,
    bool? HasDump,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    DateTimeOffset? UpdatedFrom,
    DateTimeOffset? UpdatedTo,
    string? Q,
    string? Sort,
    string? Order,
    string? ExternalReference,
    string? Cursor,
    int? Limit)
{
    public CaseQuery ToQuery() => new CaseListParameters(Status, Priority, Assignee, Tag, Customer, Class, Kernel, HasDump,
        CreatedFrom, CreatedTo, UpdatedFrom, UpdatedTo, Q, Sort, Order, Page: null, PageSize: null, ExternalReference).ToQuery();

    public PageRequest ToPage() => PageRequest.Of(Cursor, Limit);
}
