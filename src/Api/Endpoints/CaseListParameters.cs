using System.Globalization;
using Crashdesk.Core.Services;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// GET /api/v1/cases query: <c>status</c> and <c>priority</c> (repeat or comma-separate for several),
/// <c>assignee</c> (user id, <c>mine</c>, <c>none</c>), <c>tag</c>, <c>customer</c>, <c>class</c>,
/// <c>kernel</c> (a release prefix), <c>hasDump</c> (false: log-only), <c>createdFrom</c>/<c>createdTo</c>/
/// <c>updatedFrom</c>/<c>updatedTo</c> (ISO 8601), <c>q</c> (search words, "phrases", -not, or),
/// <c>sort</c> (<c>updated</c>, <c>created</c>, <c>priority</c>, <c>status</c>, <c>title</c>, <c>relevance</c>),
/// <c>order</c> (<c>desc</c>, <c>asc</c>), <c>page</c> (from 1), <c>pageSize</c> (1–200, 50).
/// </summary>
internal sealed record CaseListParameters(
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
    int? Page,
    int? PageSize)
{
    public CaseQuery ToQuery() => new()
    {
        Statuses = Split(Status),
        Priorities = Split(Priority),
        Assignee = Assignee,
        Tag = Tag,
        Customer = Customer,
        CrashClass = Class,
        KernelRelease = Kernel,
        HasDump = HasDump,
        CreatedFrom = CreatedFrom,
        CreatedTo = CreatedTo,
        UpdatedFrom = UpdatedFrom,
        UpdatedTo = UpdatedTo,
        Text = Q,
        Sort = ParseSort(Sort, Q),
        Descending = Order?.Trim().ToLowerInvariant() switch
        {
            null or "" or "desc" => true,
            "asc" => false,
            var other => throw new ValidationException("order", $"order '{other}' is neither asc nor desc"),
        },
        Page = Page ?? 1,
        PageSize = PageSize is { } size and (< 1 or > CaseQuery.MaxPageSize)
            ? throw new ValidationException("pageSize", string.Create(CultureInfo.InvariantCulture, $"pageSize is 1 to {CaseQuery.MaxPageSize}"))
            : PageSize ?? 50,
    };

    /// <summary>With a search and no explicit order, the best matches come first.</summary>
    private static CaseSort ParseSort(string? sort, string? q) =>
        string.IsNullOrWhiteSpace(sort)
            ? (string.IsNullOrWhiteSpace(q) ? CaseSort.Updated : CaseSort.Relevance)
            : Enum.TryParse<CaseSort>(sort.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ValidationException("sort", $"sort '{sort}' is not one of updated, created, priority, status, title, relevance");

    private static IReadOnlyList<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
