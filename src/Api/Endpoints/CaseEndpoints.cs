using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>/api/v1/cases: create, list, get — always within the caller's organisation.</summary>
internal static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", CreateAsync).WithName("CreateCase");
        cases.MapGet("/", ListAsync).WithName("ListCases");
        cases.MapGet("/{id:guid}", GetAsync).WithName("GetCase");
        return api;
    }

    private static async Task<Results<Created<CaseDto>, ValidationProblem>> CreateAsync(
        CreateCaseRequest request, ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken)
    {
        try
        {
            var created = await service.CreateAsync(
                user.Caller(), new NewCase(request.Title, request.Customer, request.ExternalReference, request.Description), cancellationToken);
            return TypedResults.Created($"/api/v1/cases/{created.Id}", Dto.Of(created));
        }
        catch (ValidationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
    }

    private static async Task<Ok<IReadOnlyList<CaseSummaryDto>>> ListAsync(
        ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken, int skip = 0, int take = 100)
    {
        var list = await service.ListAsync(user.Caller(), skip, take, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CaseSummaryDto>>([.. list.Select(Dto.Of)]);
    }

    private static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, ICaseService service, CancellationToken cancellationToken)
    {
        var found = await service.GetAsync(user.Caller(), id, cancellationToken);
        return found is null ? NotFound(id) : TypedResults.Ok(Dto.Of(found));
    }

    public static ProblemHttpResult NotFound(Guid caseId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"There is no case {caseId} in your organisation.");
}
