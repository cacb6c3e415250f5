using Crashdesk.Core.Auth;

namespace Crashdesk.Api.Auth;

/// <summary>Group metadata: the endpoints under it are checked against their <see cref="AccessRule"/>.</summary>
internal sealed record AccessControlled;

/// <summary>
/// Enforces each endpoint's <see cref="AccessRule"/> on the caller: role in the organisation it acts in,
/// then the API key's scopes. A middleware after authorization, not an endpoint filter: it answers before
/// the body is read, so a forbidden caller learns nothing from how its request would have been parsed.
/// Marked on the whole API group, so no endpoint can forget it; object scoping (another organisation's
/// case is a 404) stays with the application services.
/// </summary>
internal static class AccessRules
{
    public static IApplicationBuilder UseAccessRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<AccessControlled>() is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        var refusal = Refusal(context.User.Caller(), endpoint.Metadata.GetMetadata<AccessRule>() ?? AccessRule.Default(context.Request.Method));
        if (refusal is null)
            await next(context);
        else
            await refusal.ExecuteAsync(context);
    });

    private static IResult? Refusal(Crashdesk.Core.Services.Caller caller, AccessRule rule)
    {
        if (caller.Role < rule.MinimumRole)
        {
            return Problems.Of(status: StatusCodes.Status403Forbidden, title: "Not allowed for your role",
                detail: $"Your role in this organisation is {CallerClaims.RoleName(caller.Role)}; this needs {CallerClaims.RoleName(rule.MinimumRole)} or more.");
        }
        if (!caller.Has(rule.Scope))
        {
            return Problems.Of(status: StatusCodes.Status403Forbidden, title: "API key scope missing",
                detail: $"This API key lacks the '{ApiKeyScopeNames.Name(rule.Scope)}' scope this request needs.");
        }
        return null;
    }
}
