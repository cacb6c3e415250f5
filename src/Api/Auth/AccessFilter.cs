using Crashdesk.Core.Auth;
using Crashdesk.Api.Endpoints;

namespace Crashdesk.Api.Auth;

/// <summary>
/// Enforces each endpoint's <see cref="AccessRule"/> on the caller: role in the organisation it acts in,
/// then the API key's scopes. Runs on the whole API group, so no endpoint can forget it. Object scoping
/// (another organisation's case is a 404) stays with the application services.
/// </summary>
internal sealed class AccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var rule = http.GetEndpoint()?.Metadata.GetMetadata<AccessRule>() ?? AccessRule.Default(http.Request.Method);
        var caller = http.User.Caller();
        if (caller.Role < rule.MinimumRole)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role",
                detail: $"Your role in this organisation is {CallerClaims.RoleName(caller.Role)}; this needs {CallerClaims.RoleName(rule.MinimumRole)} or more.");
        }
        if (!caller.Has(rule.Scope))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API key scope missing",
                detail: $"This API key lacks the '{ApiKeyScopeNames.Name(rule.Scope)}' scope this request needs.");
        }
        return await next(context);
    }
}
