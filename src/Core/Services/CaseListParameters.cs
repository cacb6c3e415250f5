using System.Globalization;
using System.Text;

namespace Crashdesk.Core.Services;

/// <summary>
/// The case list's query as the UI's URL carries it: <c>status</c> and <c>priority</c> (repeat or comma-separate for several),
/// <c>assignee</c> (user id, <c>mine</c>, <c>none</c>), <c>tag</c>, <c>customer</c>, <c>externalReference</c> (the
/// ticket id, exact: how a ticketing system finds its case), <c>class</c>,
/// <c>kernel</c> (a release prefix), <c>hasDump</c> (false: log-only), <c>createdFrom</c>/<c>createdTo</c>/
/// <c>updatedFrom</c>/<c>updatedTo</c> (ISO 8601), <c>q</c> (search words, "phrases", -not, or),
/// <c>sort</c> (<c>updated</c>, <c>created</c>, <c>priority</c>, <c>status</c>, <c>title</c>, <c>relevance</c>),
/// <c>order</c> (<c>desc</c>, <c>asc</c>), <c>page</c> (from 1), <c>pageSize</c> (1–200, 50).
/// The case list page binds it from its URL, so a filtered list is one shareable URL; the API takes the same
/// filters with cursor/limit instead of page numbers (CaseListApiParameters in the Api project).
/// </summary>
public sealed record CaseListParameters(
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
    int? PageSize,
    string? ExternalReference = null)
{
    public CaseQuery ToQuery() => new()
    {
        Statuses = Split(Status),
        Priorities = Split(Priority),
        Assignee = Assignee,
        Tag = Tag,
        Customer = Customer,
        ExternalReference = ExternalReference,
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
                : throw new ValidationException("sort", $"sort '{sort}' is not one of updated, created, priority, status, title, kernel, relevance");

    /// <summary>The query string (without '?') of these parameters, empty members left out.</summary>
    public string ToQueryString()
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var status in Split(Status))
            pairs.Add(("status", status));
        foreach (var priority in Split(Priority))
            pairs.Add(("priority", priority));
        Add(pairs, "assignee", Assignee);
        Add(pairs, "tag", Tag);
        Add(pairs, "customer", Customer);
        Add(pairs, "externalReference", ExternalReference);
        Add(pairs, "class", Class);
        Add(pairs, "kernel", Kernel);
        Add(pairs, "hasDump", HasDump is { } hasDump ? (hasDump ? "true" : "false") : null);
        Add(pairs, "createdFrom", Date(CreatedFrom));
        Add(pairs, "createdTo", Date(CreatedTo));
        Add(pairs, "updatedFrom", Date(UpdatedFrom));
        Add(pairs, "updatedTo", Date(UpdatedTo));
        Add(pairs, "q", Q);
        Add(pairs, "sort", Sort);
        Add(pairs, "order", Order);
        Add(pairs, "page", Page is > 1 ? Page.Value.ToString(CultureInfo.InvariantCulture) : null);
        Add(pairs, "pageSize", PageSize?.ToString(CultureInfo.InvariantCulture));
        var sb = new StringBuilder();
        foreach (var (name, value) in pairs)
            sb.Append(sb.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return sb.ToString();
    }

    private static void Add(List<(string, string)> pairs, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            pairs.Add((name, value.Trim()));
    }

    private static string? Date(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
