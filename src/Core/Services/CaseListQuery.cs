using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

/// <summary>
/// The case list's SQL: filters as WHERE clauses on the case's own columns (the newest report's facts
/// and its notes' text are copied there), the search as one match on the case's search vector (its
/// GIN index), and each sort's keyset (the same order for a page by number and a page by cursor).
/// </summary>
internal static class CaseListQuery
{
    /// <summary>Search configuration of the tsvector columns (see <c>CaseConfiguration.SearchVectorSql</c>).</summary>
    private const string SearchConfiguration = "simple";

    /// <summary>
    /// Above this many matches a search is ordered newest first instead of by rank: ranking reads every
    /// match's search vector, and when thousands match, the rank tells an engineer little anyway.
    /// </summary>
    public const int RankedSearchLimit = 2_000;

    public static IQueryable<Case> Filter(CrashdeskDbContext db, Caller caller, CaseQuery query, Guid? tagId)
    {
        var cases = db.Cases.AsNoTracking().Where(c => c.OrganizationId == caller.OrganizationId);
        if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.Select(s => CaseWorkflow.TryParse(s, out var status)
                ? status : throw new ValidationException("status", $"unknown status '{s}'; one of {string.Join(", ", CaseWorkflow.All.Select(CaseWorkflow.Name))}")).ToList();
            cases = cases.Where(c => statuses.Contains(c.Status));
        }
        if (query.Priorities.Count > 0)
        {
            var priorities = query.Priorities.Select(p => CaseWorkflow.TryParsePriority(p, out var priority)
                ? priority : throw new ValidationException("priority", $"unknown priority '{p}'; one of P1, P2, P3, P4")).ToList();
            cases = cases.Where(c => priorities.Contains(c.Priority));
        }
        cases = query.Assignee?.Trim().ToLowerInvariant() switch
        {
            null or "" => cases,
            "mine" => cases.Where(c => c.AssigneeUserId == caller.UserId),
            "none" => cases.Where(c => c.AssigneeUserId == null),
            var id when Guid.TryParse(id, out var userId) => cases.Where(c => c.AssigneeUserId == userId),
            var other => throw new ValidationException("assignee", $"assignee '{other}' is neither a user id, 'mine' nor 'none'"),
        };
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            // The tag's id is looked up first: a semi-join on case_tags' tag index, not a probe per case.
            var id = tagId ?? Guid.Empty;
            cases = cases.Where(c => db.CaseTags.Any(ct => ct.CaseId == c.Id && ct.TagId == id));
        }
        if (!string.IsNullOrWhiteSpace(query.Customer))
        {
            var customer = query.Customer.Trim().ToLowerInvariant();
            cases = cases.Where(c => c.Customer.ToLower() == customer);
        }
        if (!string.IsNullOrWhiteSpace(query.ExternalReference))
        {
            var reference = query.ExternalReference.Trim();
            cases = cases.Where(c => c.ExternalReference == reference);
        }
        if (!string.IsNullOrWhiteSpace(query.CrashClass))
            cases = cases.Where(c => c.CrashClass == query.CrashClass.Trim());
        if (!string.IsNullOrWhiteSpace(query.KernelRelease))
        {
            var release = query.KernelRelease.Trim();
            cases = cases.Where(c => c.KernelRelease != null && c.KernelRelease.StartsWith(release));
        }
        if (query.HasDump is { } hasDump)
        {
            cases = hasDump
                ? cases.Where(c => db.Artifacts.Any(a => a.CaseId == c.Id && a.Kind == ArtifactKind.Vmcore))
                : cases.Where(c => !db.Artifacts.Any(a => a.CaseId == c.Id && a.Kind == ArtifactKind.Vmcore));
        }
        if (query.CreatedFrom is { } createdFrom)
            cases = cases.Where(c => c.CreatedAt >= createdFrom);
        if (query.CreatedTo is { } createdTo)
            cases = cases.Where(c => c.CreatedAt < createdTo);
        if (query.UpdatedFrom is { } updatedFrom)
            cases = cases.Where(c => c.UpdatedAt >= updatedFrom);
        if (query.UpdatedTo is { } updatedTo)
            cases = cases.Where(c => c.UpdatedAt < updatedTo);
        if (HasText(query))
        {
            var text = query.Text!.Trim();
            cases = cases.Where(c => c.SearchVector!.Matches(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)));
        }
        return cases;
    }

    /// <summary>The mode of a relevance-sorted list: ranked by the search, or newest first past <see cref="RankedSearchLimit"/>.</summary>
    public const string RankedMode = "ranked";
    public const string UpdatedMode = "updated";

    /// <summary>The sort a list actually uses: relevance only with a search text of at most <see cref="RankedSearchLimit"/> matches.</summary>
    public static CaseSort EffectiveSort(CaseQuery query, int total) =>
        query.Sort == CaseSort.Relevance && (!HasText(query) || total > RankedSearchLimit) ? CaseSort.Updated : query.Sort;

    /// <summary>
    /// The filtered cases with their search rank (computed only when the list is ranked; a constant otherwise, so
    /// the other orders never read the search vectors).
    /// </summary>
    public static IQueryable<CaseRow> Rows(IQueryable<Case> cases, CaseQuery query, CaseSort effectiveSort)
    {
        if (effectiveSort != CaseSort.Relevance)
            return cases.Select(c => new CaseRow { Case = c, Rank = 0f });
        var text = query.Text!.Trim();
        return cases.Select(c => new CaseRow { Case = c, Rank = c.SearchVector!.Rank(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)) });
    }

    /// <summary>
    /// Each sort's keys, the case's id last (ids are unique: ties of every other key are broken by it). Every key is
    /// NOT NULL but the kernel release (NULL — no report yet — sorts last in both directions).
    /// </summary>
    public static Keyset<CaseRow> Keyset(CaseSort sort, bool descending) => sort switch
    {
        // Rank ties (common: many cases match a word equally) fall to the newest update, then the id.
        CaseSort.Relevance => Keyset<CaseRow>.By(r => r.Rank, descending: true).ThenBy(r => r.Case.UpdatedAt, true).ThenBy(r => r.Case.Id, true),
        CaseSort.Created => Keyset<CaseRow>.By(r => r.Case.CreatedAt, descending).ThenBy(r => r.Case.Id, descending),
        // "desc" is the most urgent first: P1 (the smallest number) first.
        CaseSort.Priority => Keyset<CaseRow>.By(r => (int)r.Case.Priority, !descending).ThenBy(r => r.Case.UpdatedAt, true).ThenBy(r => r.Case.Id, true),
        // Workflow order (new first), not the names' alphabetical order.
        CaseSort.Status => Keyset<CaseRow>.By(r => r.Case.Status == CaseStatus.New ? 0 : r.Case.Status == CaseStatus.Triaging ? 1
                : r.Case.Status == CaseStatus.WaitingForCustomer ? 2 : r.Case.Status == CaseStatus.RootCaused ? 3 : 4, !descending)
            .ThenBy(r => r.Case.UpdatedAt, true).ThenBy(r => r.Case.Id, true),
        CaseSort.Title => Keyset<CaseRow>.By(r => r.Case.Title, descending).ThenBy(r => r.Case.Id),
        CaseSort.Kernel => Keyset<CaseRow>.By(r => r.Case.KernelRelease, descending).ThenBy(r => r.Case.Id, descending),
        _ => Keyset<CaseRow>.By(r => r.Case.UpdatedAt, descending).ThenBy(r => r.Case.Id, descending),
    };

    /// <summary>
    /// What a cursor of the list is bound to: the organisation, every filter, the sort and the order — not the page
    /// or limit, which may change between pages.
    /// </summary>
    public static string Scope(Caller caller, CaseQuery query) => string.Join('\u001f',
        "cases", caller.OrganizationId, string.Join(',', query.Statuses.Select(s => s.ToLowerInvariant()).Order(StringComparer.Ordinal)),
        string.Join(',', query.Priorities.Select(p => p.ToUpperInvariant()).Order(StringComparer.Ordinal)),
        Norm(query.Assignee), Norm(query.Tag), Norm(query.Customer), query.ExternalReference?.Trim(), query.CrashClass?.Trim(),
        query.KernelRelease?.Trim(), query.HasDump, Time(query.CreatedFrom), Time(query.CreatedTo), Time(query.UpdatedFrom),
        Time(query.UpdatedTo), query.Text?.Trim(), query.Sort, query.Descending);

    private static string? Norm(string? value) => value?.Trim().ToLowerInvariant();

    private static string? Time(DateTimeOffset? value) => value?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool HasText(CaseQuery query) => !string.IsNullOrWhiteSpace(query.Text);
}
