using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Groups.Across;
using Crashdesk.Core.KnownIssues;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// Crash groups across the organisations the caller serves as engineer or administrator:
/// /api/v1/groups/across-organizations (list, one signature), /api/v1/groups/{id}/also-seen-in and the known
/// issues of other organisations to copy (/api/v1/groups/{id}/known-issue/suggestions, …/copy). Engineers
/// only (the default rule); the organisations compared are the caller's memberships, read at each request.
/// </summary>
internal static class AcrossGroupEndpoints
{
    /// <summary>A crash signature is hex (16 digits today, CrashSignature); anything else names no group.</summary>
    private const int SignatureMax = 64;

    public static RouteGroupBuilder MapAcrossGroupApi(this RouteGroupBuilder api)
    {
        var across = api.MapGroup("/groups/across-organizations").WithTags("Groups");
        across.MapGet("/", ListAsync).WithName("ListCrashGroupsAcrossOrganizations")
            .WithSummary("Crash signatures with a group in two or more organisations you serve as engineer or administrator: ?q=, ?class=")
            .WithDescription("Most organisations first, then most cases; at most 50 (nextCursor is always null). 403 for a customer, " +
                "for an engineer of one organisation, and for an API key not made with allOrganizations.");
        across.MapGet("/{signature}", GetAsync).WithName("GetCrashGroupAcrossOrganizations")
            .WithSummary("One crash signature across the organisations you serve: each organisation's group, cases, kernels and known issue")
            .WithDescription("Keyed by the signature itself: it is already a hash of the crash (hex digits), stable across organisations, " +
                "shown on every group, and names no organisation. 404 when fewer than two organisations you serve have it.");
        api.MapGet("/groups/{groupId:guid}/also-seen-in", AlsoSeenInAsync).WithTags("Groups").WithName("ListGroupAlsoSeenIn")
            .WithSummary("The group's signature in the other organisations you serve as engineer or administrator (empty when you serve one)");
        api.MapGet("/groups/{groupId:guid}/known-issue/suggestions", SuggestionsAsync).WithTags("Known issues").WithName("ListKnownIssueSuggestions")
            .WithSummary("Known issues of the group's signature in other organisations you serve, while the group is no known issue itself");
        api.MapPost("/groups/{groupId:guid}/known-issue/copy", CopyAsync).WithTags("Known issues").WithName("CopyKnownIssue")
            .WithSummary("Marks the group a known issue with what another served organisation's known issue of its signature says: {\"fromOrganizationId\"}")
            .WithDescription("Recorded as a marking is (timeline of each case, webhook) and in the audit log (knownissue.copy). " +
                "409 when the group is a known issue already; 400 when that organisation has no such known issue you may read.");
        return api;
    }

    private static async Task<Results<Ok<AcrossGroupListDto>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IAcrossOrganizationGroupService across, CancellationToken cancellationToken, string? q = null, string? @class = null)
    {
        try
        {
            var list = await across.ListAsync(user.Caller(), new AcrossGroupQuery { Text = q, CrashClass = @class }, cancellationToken);
            return TypedResults.Ok(new AcrossGroupListDto(
                [.. list.Organizations.Select(ServedOrganizationDto.Of)], [.. list.Groups.Select(AcrossGroupDto.Of)], null));
        }
        catch (NotServingSeveralOrganizationsException e)
        {
            return NotSeveral(e);
        }
    }

    private static async Task<Results<Ok<AcrossGroupDto>, ProblemHttpResult>> GetAsync(
        string signature, ClaimsPrincipal user, IAcrossOrganizationGroupService across, CancellationToken cancellationToken)
    {
        try
        {
            var found = signature.Length <= SignatureMax && signature.All(char.IsAsciiHexDigitLower)
                ? await across.GetAsync(user.Caller(), signature, cancellationToken)
                : null;
            return found is null
                ? Problems.Of(status: StatusCodes.Status404NotFound, title: "Signature not found across organisations",
                    detail: $"Fewer than two organisations you serve have a crash group of signature '{signature}'.")
                : TypedResults.Ok(AcrossGroupDto.Of(found));
        }
        catch (NotServingSeveralOrganizationsException e)
        {
            return NotSeveral(e);
        }
    }

    private static async Task<Results<Ok<AlsoSeenInListDto>, ProblemHttpResult>> AlsoSeenInAsync(
        Guid groupId, ClaimsPrincipal user, IAcrossOrganizationGroupService across, CancellationToken cancellationToken) =>
        await across.AlsoSeenInAsync(user.Caller(), groupId, cancellationToken) is { } found
            ? TypedResults.Ok(new AlsoSeenInListDto([.. found.Select(AlsoSeenInDto.Of)], null))
            : GroupNotFound(groupId);

    private static async Task<Results<Ok<KnownIssueSuggestionListDto>, ProblemHttpResult>> SuggestionsAsync(
        Guid groupId, ClaimsPrincipal user, IAcrossOrganizationGroupService across, CancellationToken cancellationToken) =>
        await across.KnownIssueSuggestionsAsync(user.Caller(), groupId, cancellationToken) is { } found
            ? TypedResults.Ok(new KnownIssueSuggestionListDto([.. found.Select(KnownIssueSuggestionDto.Of)], null))
            : GroupNotFound(groupId);

    private static async Task<Results<Created<KnownIssueDto>, ProblemHttpResult>> CopyAsync(
        Guid groupId, CopyKnownIssueRequest request, ClaimsPrincipal user, IAcrossOrganizationGroupService across, HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (request.FromOrganizationId is not { } from)
            throw new Core.Services.ValidationException("fromOrganizationId", "the organisation whose known issue to copy is required");
        try
        {
            var copied = await across.CopyKnownIssueAsync(user.Caller(), groupId, from, cancellationToken);
            if (copied is null)
                return GroupNotFound(groupId);
            response.Headers.ETag = VersionTag.Of('k', copied.Version);
            return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/groups/{groupId}/known-issue", KnownIssueDto.Of(copied));
        }
        catch (KnownIssueConflictException e)
        {
            return Problems.Of(status: StatusCodes.Status409Conflict, title: "The known issue cannot be saved so", detail: e.Message);
        }
    }

    private static ProblemHttpResult NotSeveral(NotServingSeveralOrganizationsException e) =>
        Problems.Of(status: StatusCodes.Status403Forbidden, title: "Not serving several organisations", detail: e.Message);

    private static ProblemHttpResult GroupNotFound(Guid groupId) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Group not found", detail: $"There is no group {groupId} in your organisation.");
}
