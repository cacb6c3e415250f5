using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

/// <summary>
/// The case list's SQL: filters as WHERE clauses on the case's own columns (the newest report's facts
/// and its notes' text are copied there), the search as one match on the case's search vector (its
/// GIN index), and the order, then one page.
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

    public static IQueryable<Case> Order(IQueryable<Case> cases, CaseQuery query, int total)
    {
        var sort = query.Sort == CaseSort.Relevance && (!HasText(query) || total > RankedSearchLimit) ? CaseSort.Updated : query.Sort;
        bool descending = query.Descending;
        switch (sort)
        {
            case CaseSort.Relevance:
            {
                var text = query.Text!.Trim();
                return cases
                    .OrderByDescending(c => c.SearchVector!.Rank(EF.Functions.WebSearchToTsQuery(SearchConfiguration, text)))
                    .ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);
            }
            case CaseSort.Created:
                return descending ? cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id) : cases.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id);
            case CaseSort.Priority:
                return descending
                    ? cases.OrderBy(c => c.Priority).ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
                    : cases.OrderByDescending(c => c.Priority).ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);
            case CaseSort.Status:
                // Workflow order (new first), not the names' alphabetical order.
                return descending
                    ? cases.OrderBy(c => c.Status == CaseStatus.New ? 0 : c.Status == CaseStatus.Triaging ? 1
                            : c.Status == CaseStatus.WaitingForCustomer ? 2 : c.Status == CaseStatus.RootCaused ? 3 : 4)
                        .ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
                    : cases.OrderByDescending(c => c.Status == CaseStatus.New ? 0 : c.Status == CaseStatus.Triaging ? 1
                            : c.Status == CaseStatus.WaitingForCustomer ? 2 : c.Status == CaseStatus.RootCaused ? 3 : 4)
                        .ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id);
            case CaseSort.Title:
                return descending ? cases.OrderByDescending(c => c.Title).ThenBy(c => c.Id) : cases.OrderBy(c => c.Title).ThenBy(c => c.Id);
            default:
                return descending ? cases.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id) : cases.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id);
        }
    }

    private static bool HasText(CaseQuery query) => !string.IsNullOrWhiteSpace(query.Text);
}
