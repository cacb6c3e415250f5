using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>/api/v1/me (who am I, switch organisation) and /api/v1/api-keys (scoped keys, rotation).</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMeAsync).WithTags("Account").WithName("GetMe").ForCustomers();
        api.MapPost("/me/organization", SwitchOrganizationAsync).WithTags("Account").WithName("SwitchOrganization")
            .ForCustomers(ApiKeyScopes.Read);

        var keys = api.MapGroup("/api-keys").WithTags("Account");
        // Every member may hold keys of their own (a customer's upload script); administrators manage all of them.
        keys.MapGet("/", ListKeysAsync).WithName("ListApiKeys").ForCustomers().WithDescription(ListPaging.Whole.Trim());
        keys.MapPost("/", CreateKeyAsync).WithName("CreateApiKey").ForCustomers();
        keys.MapPost("/{keyId:guid}/rotate", RotateKeyAsync).WithName("RotateApiKey").ForCustomers();
        keys.MapDelete("/{keyId:guid}", RevokeKeyAsync).WithName("RevokeApiKey").ForCustomers();
        return api;
    }

    private static async Task<Ok<MeDto>> GetMeAsync(ClaimsPrincipal user, IMembershipService memberships, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        var organizations = await memberships.ListOrganizationsAsync(caller, cancellationToken);
        return TypedResults.Ok(new MeDto(caller.UserId, caller.OrganizationId, caller.Email, caller.IsAdmin, CallerClaims.RoleName(caller.Role),
            caller.ApiKeyId, ApiKeyScopeNames.List(caller.Scopes), [.. organizations.Select(Dto.Of)]));
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> SwitchOrganizationAsync(
        SwitchOrganizationRequest request, ClaimsPrincipal user, ISessionService sessions, IMembershipService memberships,
        Crashdesk.Core.Audit.IAuditLog audit, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        if (caller.SessionId is not { } sessionId)
        {
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Not a browser session",
                detail: $"An API key acts in its own organisation; a key made for all its user's organisations names one per request in the {AuthSchemes.OrganizationHeader} header.");
        }
        if (!await sessions.SwitchOrganizationAsync(sessionId, request.OrganizationId, cancellationToken))
            return Problems.Of(status: StatusCodes.Status404NotFound, title: "Organisation not found", detail: $"You are not a member of organisation {request.OrganizationId}.");
        var now = await sessions.ResolveAsync(sessionId, cancellationToken) ?? caller;
        // Recorded in the organisation entered, as the UI's switcher does (CrashdeskWebExtensions).
        await audit.WriteAsync(caller with { OrganizationId = request.OrganizationId }, Crashdesk.Core.Audit.AuditAction.OrganizationSwitch,
            new Crashdesk.Core.Audit.AuditTarget("organization", request.OrganizationId), cancellationToken);
        var organizations = await memberships.ListOrganizationsAsync(now, cancellationToken);
        return TypedResults.Ok(new MeDto(now.UserId, now.OrganizationId, now.Email, now.IsAdmin, CallerClaims.RoleName(now.Role),
            null, ApiKeyScopeNames.List(now.Scopes), [.. organizations.Select(Dto.Of)]));
    }

    private static async Task<Ok<CursorPageDto<ApiKeyDto>>> ListKeysAsync(ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken)
    {
        // An organisation's keys are a handful (a few per person and integration): one page.
        var list = await keys.ListAsync(user.Caller(), cancellationToken);
        return TypedResults.Ok(CursorPageDto<ApiKeyDto>.All(list.Select(Dto.Of)));
    }

    private static async Task<Created<CreatedApiKeyDto>> CreateKeyAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken)
    {
        var scopes = ApiKeyScopes.All;
        if (request.Scopes is { } names && !ApiKeyScopeNames.TryParse(names, out scopes, out var unknown))
            throw new ValidationException("scopes", $"unknown scope '{unknown}': the scopes are read, upload, write and admin");
        var created = await keys.CreateAsync(user.Caller(), new NewApiKey(request.Name, scopes, request.ExpiresAt, request.AllOrganizations), cancellationToken);
        return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/api-keys/{created.Key.Id}", new CreatedApiKeyDto(Dto.Of(created.Key), created.Secret));
    }

    private static async Task<Results<Created<CreatedApiKeyDto>, ProblemHttpResult>> RotateKeyAsync(
        Guid keyId, RotateApiKeyRequest? request, ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken)
    {
        TimeSpan? grace = request?.GraceHours is { } hours ? TimeSpan.FromHours(hours) : null;
        var created = await keys.RotateAsync(user.Caller(), keyId, grace, cancellationToken);
        return created is null
            ? Problems.Of(status: StatusCodes.Status404NotFound, title: "API key not found", detail: $"There is no live API key {keyId} you may rotate.")
            : TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/api-keys/{created.Key.Id}", new CreatedApiKeyDto(Dto.Of(created.Key), created.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid keyId, ClaimsPrincipal user, IApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(user.Caller(), keyId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Of(status: StatusCodes.Status404NotFound, title: "API key not found", detail: $"There is no API key {keyId} you may revoke.");
}
