using Crashdesk.Core.Paging;
using Crashdesk.Api.Auth;
using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.KnownIssues;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// Known issues: /api/v1/known-issues (the organisation's), /api/v1/groups/{id}/known-issue (get,
/// mark or edit with If-Match, unmark) and /api/v1/cases/{id}/known-issue (the verdict on the case's kernel).
/// </summary>
internal static class KnownIssueEndpoints
{
    public static RouteGroupBuilder MapKnownIssueApi(this RouteGroupBuilder api)
    {
        api.MapGet("/known-issues", ListAsync).WithTags("Known issues").WithName("ListKnownIssues")
            .WithSummary("The organisation's known issues, most recently edited first").WithDescription(ListPaging.Described);
        var one = api.MapGroup("/groups/{groupId:guid}/known-issue").WithTags("Known issues");
        one.MapGet("/", GetAsync).WithName("GetKnownIssue")
            .WithSummary("The group's known issue; 404 when the group is not one. ETag \"k{version}\".");
        one.MapPut("/", PutAsync).WithName("PutKnownIssue")
            .WithSummary("Marks the group a known issue, or replaces what its known issue says")
            .WithDescription("Every case of the group is labelled with it at once. With If-Match (the GET's ETag), 409 when it was edited meanwhile. 400 names a bad field (an unreadable fixed-in entry, a link that is no http(s) address).");
        one.MapDelete("/", DeleteAsync).WithName("DeleteKnownIssue").WithSummary("The group is no longer a known issue");
        api.MapGet("/cases/{id:guid}/known-issue", ForCaseAsync).WithTags("Known issues").WithName("GetCaseKnownIssue").ForCustomers()
            .WithSummary("The known issue of the case's group and whether the case's kernel predates its fix; 404 when there is none");
        return api;
    }

    private static readonly Keyset<KnownIssueDto> IssueOrder = Keyset<KnownIssueDto>.By(k => k.UpdatedAt, true).ThenBy(k => k.Id, true);

    private static async Task<Ok<CursorPageDto<KnownIssueDto>>> ListAsync(
        ClaimsPrincipal user, IKnownIssueService issues, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        TypedResults.Ok(ListPaging.Page((await issues.ListAsync(user.Caller(), cancellationToken)).Select(KnownIssueDto.Of), IssueOrder, "known-issues", cursor, limit));

    private static async Task<Results<Ok<KnownIssueDto>, ProblemHttpResult>> GetAsync(
        Guid groupId, ClaimsPrincipal user, IKnownIssueService issues, HttpResponse response, CancellationToken cancellationToken)
    {
        var issue = await issues.GetForGroupAsync(user.Caller(), groupId, cancellationToken);
        if (issue is null)
            return NotKnown(groupId);
        response.Headers.ETag = ETag(issue.Version);
        return TypedResults.Ok(KnownIssueDto.Of(issue));
    }

    private static async Task<Results<Ok<KnownIssueDto>, ProblemHttpResult>> PutAsync(
        Guid groupId, KnownIssueRequest request, ClaimsPrincipal user, IKnownIssueService issues, HttpRequest http, HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (!VersionTag.TryExpected(http, 'k', out int? expected))
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid If-Match",
                detail: "If-Match is the ETag of GET …/known-issue (\"k{version}\").");
        try
        {
            var issue = await issues.PutAsync(user.Caller(), groupId, request.ToInput(), expected, cancellationToken);
            if (issue is null)
                return Problems.Of(status: StatusCodes.Status404NotFound, title: "Group not found",
                    detail: $"There is no group {groupId} in your organisation.");
            response.Headers.ETag = ETag(issue.Version);
            return TypedResults.Ok(KnownIssueDto.Of(issue));
        }
        catch (KnownIssueConflictException e)
        {
            return Problems.Of(status: StatusCodes.Status409Conflict, title: "The known issue cannot be saved so", detail: e.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid groupId, ClaimsPrincipal user, IKnownIssueService issues, CancellationToken cancellationToken) =>
        await issues.DeleteAsync(user.Caller(), groupId, cancellationToken) ? TypedResults.NoContent() : NotKnown(groupId);

    private static async Task<Results<Ok<CaseKnownIssueDto>, ProblemHttpResult>> ForCaseAsync(
        Guid id, ClaimsPrincipal user, IKnownIssueService issues, CancellationToken cancellationToken)
    {
        var found = await issues.ForCaseAsync(user.Caller(), id, cancellationToken);
        return found is null
            ? Problems.Of(status: StatusCodes.Status404NotFound, title: "No known issue",
                detail: $"Case {id} is not in your organisation, or its group is no known issue.")
            : TypedResults.Ok(CaseKnownIssueDto.Of(found));
    }

    private static ProblemHttpResult NotKnown(Guid groupId) => Problems.Of(status: StatusCodes.Status404NotFound,
        title: "No known issue", detail: $"There is no group {groupId} in your organisation, or it is no known issue.");

    private static string ETag(int version) => VersionTag.Of('k', version);
}
