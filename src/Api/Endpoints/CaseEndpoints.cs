using Crashdesk.Api.Auth;
using System.Security.Claims;
using System.Text.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.KnownIssues;
using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// /api/v1/cases: create, list (filters, search, paging), get, edit (merge patch with If-Match),
/// timeline — always within the caller's organisation.
/// </summary>
internal static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", CreateAsync).WithName("CreateCase").ForUploads();
        cases.MapGet("/", ListAsync).WithName("ListCases").ForCustomers()
            .WithSummary("Lists the organisation's cases, filtered, searched and paged")
            .WithDescription("Query: status and priority (repeat or comma-separate), assignee (user id, mine, none), tag, customer, " +
                "externalReference (the ticket id, exact), " +
                "class (crash class), kernel (release prefix), hasDump (false: log-only), createdFrom/createdTo/updatedFrom/updatedTo (ISO 8601), " +
                "q (full-text search over title, customer, ticket, description, panic line, triage title, guilty frame and notes: " +
                "words, \"phrases\", -not, or), sort (updated, created, priority, status, title, kernel — cases without a kernel release last —, " +
                "relevance; relevance by default with q), order (desc, asc), cursor (the previous page's nextCursor, with the same filters and sort), " +
                "limit (1-200, 50). Paged by keyset: cases created or changed while a client pages are never skipped or repeated among those " +
                "that existed. Has a total (counted up to 10 000: totalIsLowerBound).");
        cases.MapGet("/{id:guid}", GetAsync).WithName("GetCase").ForCustomers()
            .WithDescription("The ETag header (\"r{revision}\") is what a PATCH sends as If-Match.");
        cases.MapPatch("/{id:guid}", PatchAsync).WithName("UpdateCase")
            .Accepts<CasePatchRequest>("application/merge-patch+json")
            .WithSummary("Edits a case's title, customer, ticket, description, status, priority, assignee or tags")
            .WithDescription("A JSON merge patch (RFC 7396) with If-Match: the case's ETag. 428 without If-Match; 409 when the case " +
                "changed since that ETag (the problem names who changed it); 400 for a bad value or a status move the workflow refuses. " +
                "Each change is a row of the timeline.");
        cases.MapGet("/{id:guid}/timeline", TimelineAsync).WithName("GetCaseTimeline").ForCustomers()
            .WithSummary("The case's activity, oldest first: who changed what, when, from and to").WithDescription(ListPaging.Described);
        api.MapGet("/tags", TagsAsync).WithTags("Cases").WithName("ListTags")
            .WithSummary("The organisation's tags with their case counts").WithDescription(ListPaging.Whole);
        api.MapGet("/users", UsersAsync).WithTags("Cases").WithName("ListUsers")
            .WithSummary("The organisation's users (whom a case can be assigned to)").WithDescription(ListPaging.Whole);
        return api;
    }

    private static async Task<Results<Created<CaseDto>, ValidationProblem>> CreateAsync(
        CreateCaseRequest request, ClaimsPrincipal user, ICaseService service, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            var created = await service.CreateAsync(
                user.Caller(), new NewCase(request.Title, request.Customer, request.ExternalReference, request.Description), cancellationToken);
            response.Headers.ETag = ETag(created.Revision);
            return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/cases/{created.Id}", Dto.Of(created));
        }
        catch (ValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    private static async Task<Ok<CasePageDto>> ListAsync(
        [AsParameters] CaseListApiParameters parameters, ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken)
    {
        var page = await service.ListAsync(user.Caller(), parameters.ToQuery(), parameters.ToPage(), cancellationToken);
        return TypedResults.Ok(Dto.Of(page));
    }

    private static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, ICaseService service, IKnownIssueService knownIssues, HttpResponse response, CancellationToken cancellationToken)
    {
        var found = await service.GetAsync(user.Caller(), id, cancellationToken);
        if (found is null)
            return NotFound(id);
        response.Headers.ETag = ETag(found.Revision);
        var known = found.GroupId is null ? null : await knownIssues.ForCaseAsync(user.Caller(), id, cancellationToken);
        return TypedResults.Ok(Dto.Of(found) with { KnownIssue = known is null ? null : CaseKnownIssueDto.Of(known) });
    }

    private static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> PatchAsync(
        Guid id, JsonElement patch, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, ICaseService service,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
            return Problems.Of(status: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "Send the case's ETag (from GET /api/v1/cases/{id}) as If-Match, so that an edit never overwrites a change you have not seen.");
        if (!VersionTag.TryParse(ifMatch, 'r', out int revision))
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Bad If-Match",
                detail: $"If-Match '{ifMatch}' is not an ETag of a case (\"r<revision>\").");
        var changes = CasePatch.Read(patch);
        try
        {
            var updated = await service.UpdateAsync(user.Caller(), id, revision, changes, cancellationToken);
            if (updated is null)
                return NotFound(id);
            response.Headers.ETag = ETag(updated.Revision);
            return TypedResults.Ok(Dto.Of(updated));
        }
        catch (CaseConflictException e)
        {
            return Problems.Of(status: StatusCodes.Status409Conflict, title: "The case changed meanwhile", detail: e.Message,
                extensions: new Dictionary<string, object?>
                {
                    ["currentETag"] = ETag(e.CurrentRevision),
                    ["changedBy"] = e.ChangedBy,
                    ["changedAt"] = e.ChangedAt,
                });
        }
    }

    private static readonly Keyset<CaseEventDto> TimelineOrder = Keyset<CaseEventDto>.By(e => e.At).ThenBy(e => e.Id);

    private static async Task<Results<Ok<CursorPageDto<CaseEventDto>>, ProblemHttpResult>> TimelineAsync(
        Guid id, ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var events = await service.TimelineAsync(user.Caller(), id, cancellationToken);
        return events is null ? NotFound(id) : TypedResults.Ok(ListPaging.Page(events.Select(Dto.Of), TimelineOrder, $"timeline|{id}", cursor, limit));
    }

    private static async Task<Ok<CursorPageDto<TagCountDto>>> TagsAsync(ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(CursorPageDto<TagCountDto>.All((await service.TagsAsync(user.Caller(), cancellationToken)).Select(Dto.Of)));

    private static async Task<Ok<CursorPageDto<UserDto>>> UsersAsync(ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(CursorPageDto<UserDto>.All((await service.MembersAsync(user.Caller(), cancellationToken)).Select(Dto.Of)));

    public static ProblemHttpResult NotFound(Guid caseId) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case {caseId} in your organisation.");

    /// <summary>A case's ETag: its revision, quoted (RFC 9110 §8.8.3).</summary>
    public static string ETag(int revision) => VersionTag.Of('r', revision);
}
