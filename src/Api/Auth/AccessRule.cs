using Crashdesk.Core.Auth;

namespace Crashdesk.Api.Auth;

/// <summary>
/// Endpoint metadata: the least role a caller needs in the organisation it acts in, and the API-key scope.
/// An endpoint without one gets <see cref="Default"/>: safe by default, a new endpoint is closed to
/// customers' staff and to keys without the scope its method implies until someone opens it on purpose.
/// </summary>
public sealed record AccessRule(OrganizationRole MinimumRole, ApiKeyScopes Scope)
{
    /// <summary>GET/HEAD need <see cref="ApiKeyScopes.Read"/>, anything else <see cref="ApiKeyScopes.Write"/>; both need an engineer.</summary>
    public static AccessRule Default(string method) =>
        new(OrganizationRole.Engineer, HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ApiKeyScopes.Read : ApiKeyScopes.Write);
}

/// <summary>How endpoints state their <see cref="AccessRule"/>.</summary>
public static class EndpointAccess
{
    /// <summary>Open to every member, customers' staff included, with the scope the method implies.</summary>
    public static TBuilder ForCustomers<TBuilder>(this TBuilder builder, ApiKeyScopes? scope = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithRule(method => new AccessRule(OrganizationRole.Customer, scope ?? AccessRule.Default(method).Scope));

    /// <summary>Creates cases or sends files: the <see cref="ApiKeyScopes.Upload"/> scope, open to customers' staff.</summary>
    public static TBuilder ForUploads<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithRule(_ => new AccessRule(OrganizationRole.Customer, ApiKeyScopes.Upload));

    /// <summary>The organisation's administrators, with a key holding the <see cref="ApiKeyScopes.Admin"/> scope.</summary>
    public static TBuilder AdminOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithRule(_ => new AccessRule(OrganizationRole.Admin, ApiKeyScopes.Admin));

    private static TBuilder WithRule<TBuilder>(this TBuilder builder, Func<string, AccessRule> rule) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var method = endpoint.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods.FirstOrDefault() ?? HttpMethods.Get;
            endpoint.Metadata.Add(rule(method));
        });
        return builder;
    }
}
