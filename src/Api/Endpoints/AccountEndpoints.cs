using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>/api/v1/me and /api/v1/api-keys: who am I, and the organisation's API keys.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) =>
        {
            var caller = user.Caller();
            return TypedResults.Ok(new MeDto(caller.UserId, caller.OrganizationId, caller.Email, caller.IsAdmin));
        }).WithTags("Account").WithName("GetMe");

        var keys = api.MapGroup("/api-keys").WithTags("Account");
        keys.MapGet("/", ListKeysAsync).WithName("ListApiKeys");
        keys.MapPost("/", CreateKeyAsync).WithName("CreateApiKey");
        keys.MapDelete("/{keyId:guid}", RevokeKeyAsync).WithName("RevokeApiKey");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyDto>>> ListKeysAsync(ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(user.Caller(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ApiKeyDto>>([.. list.Select(Dto.Of)]);
    }

    private static async Task<Created<CreatedApiKeyDto>> CreateKeyAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(user.Caller(), request.Name, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{created.Key.Id}", new CreatedApiKeyDto(Dto.Of(created.Key), created.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid keyId, ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(user.Caller(), keyId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found", detail: $"There is no API key {keyId} in your organisation.");
}
