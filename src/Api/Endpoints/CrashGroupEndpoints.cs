using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Groups;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// Crash groups: /api/v1/groups (list with filters, one group, merge, split) and
/// /api/v1/cases/{id}/group (move a case by hand, or back to its signature's group), /api/v1/cases/{id}/similar.
/// </summary>
internal static class CrashGroupEndpoints
{
    public static RouteGroupBuilder MapCrashGroupApi(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("Groups");
        groups.MapGet("/", ListAsync).WithName("ListCrashGroups")
            .WithSummary("The organisation's crash groups: ?q= (title, guilty frame or signature), ?class=, ?sort=last-seen|cases")
            .WithDescription("Paged by cursor (?cursor= the previous page's nextCursor with the same q, class and sort; ?limit= 1-200, 50). Has a total.");
        groups.MapGet("/{groupId:guid}", GetAsync).WithName("GetCrashGroup")
            .WithSummary("A crash group: cases, kernel releases affected, cases per week, a representative crash")
            .WithDescription("A merged group answers with mergedIntoId; its cases are in that group.");
        groups.MapPost("/{groupId:guid}/merge", MergeAsync).WithName("MergeCrashGroup")
            .WithSummary("Merges the group into another: its cases move there, and later cases with its signature join there");
        groups.MapPost("/{groupId:guid}/split", SplitAsync).WithName("SplitCrashGroup")
            .WithSummary("Splits cases off the group into a new group; they are pinned there (re-analysis leaves them)");
        api.MapPut("/cases/{id:guid}/group", MoveAsync).WithTags("Groups").WithName("MoveCaseToGroup")
            .WithSummary("Puts the case into a group by hand (pinned), or with groupId null back into its signature's group");
        api.MapGet("/cases/{id:guid}/similar", SimilarAsync).WithTags("Groups").WithName("ListSimilarCases")
            .WithSummary("Up to 10 other cases like this one, most alike first, each with the reasons (same signature, guilty frame, title, call-trace functions, module)")
            .WithDescription(ListPaging.Whole.Trim());
        return api;
    }

    private static async Task<Results<Ok<CursorPageDto<SimilarCaseDto>>, ProblemHttpResult>> SimilarAsync(
        Guid id, ClaimsPrincipal user, ISimilarCaseService similar, CancellationToken cancellationToken)
    {
        var found = await similar.ForCaseAsync(user.Caller(), id, cancellationToken: cancellationToken);
        return found is null
            ? Problems.Of(status: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case {id} in your organisation.")
            : TypedResults.Ok(CursorPageDto<SimilarCaseDto>.All(found.Select(SimilarCaseDto.Of)));
    }

    private static async Task<Ok<CrashGroupPageDto>> ListAsync(
        ClaimsPrincipal user, ICrashGroupService groups, CancellationToken cancellationToken,
        string? q = null, string? @class = null, string? sort = null, string? cursor = null, int? limit = null)
    {
        var result = await groups.ListAsync(user.Caller(), new CrashGroupQuery { Text = q, CrashClass = @class, Sort = sort },
            Core.Paging.PageRequest.Of(cursor, limit), cancellationToken);
        return TypedResults.Ok(new CrashGroupPageDto([.. result.Groups.Select(CrashGroupSummaryDto.Of)], result.NextCursor, result.Total));
    }

    private static async Task<Results<Ok<CrashGroupDto>, ProblemHttpResult>> GetAsync(
        Guid groupId, ClaimsPrincipal user, ICrashGroupService groups, CancellationToken cancellationToken)
    {
        var view = await groups.GetAsync(user.Caller(), groupId, cancellationToken);
        return view is null ? NotFound(groupId) : TypedResults.Ok(CrashGroupDto.Of(view));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MergeAsync(
        Guid groupId, MergeGroupRequest request, ClaimsPrincipal user, ICrashGroupService groups, CancellationToken cancellationToken)
    {
        try
        {
            return await groups.MergeAsync(user.Caller(), groupId, request.TargetGroupId, cancellationToken)
                ? TypedResults.NoContent() : NotFound(groupId, request.TargetGroupId);
        }
        catch (CrashGroupConflictException e)
        {
            return Conflict(e);
        }
    }

    private static async Task<Results<Created<CreatedGroupDto>, ProblemHttpResult>> SplitAsync(
        Guid groupId, SplitGroupRequest request, ClaimsPrincipal user, ICrashGroupService groups, CancellationToken cancellationToken)
    {
        try
        {
            var created = await groups.SplitAsync(user.Caller(), groupId, request.CaseIds ?? [], request.Title ?? "", cancellationToken);
            return created is { } id ? TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/groups/{id}", new CreatedGroupDto(id)) : NotFound(groupId);
        }
        catch (CrashGroupConflictException e)
        {
            return Conflict(e);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MoveAsync(
        Guid id, MoveCaseRequest request, ClaimsPrincipal user, ICrashGroupService groups, CancellationToken cancellationToken) =>
        await groups.MoveCaseAsync(user.Caller(), id, request.GroupId, cancellationToken)
            ? TypedResults.NoContent()
            : request.GroupId is { } groupId
                ? Problems.Of(status: StatusCodes.Status404NotFound, title: "Case or group not found",
                    detail: $"There is no case {id}, or no live group {groupId} (not merged), in your organisation.")
                : CaseEndpoints.NotFound(id);

    private static ProblemHttpResult NotFound(params Guid[] groupIds) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Group not found",
            detail: $"There is no group {string.Join(" or ", groupIds)} in your organisation.");

    private static ProblemHttpResult Conflict(CrashGroupConflictException e) =>
        Problems.Of(status: StatusCodes.Status409Conflict, title: "The grouping cannot be changed so", detail: e.Message);
}
