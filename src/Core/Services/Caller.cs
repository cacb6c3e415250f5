using Crashdesk.Core.Auth;

namespace Crashdesk.Core.Services;

/// <summary>
/// Who is calling an application service: every query and command is scoped to <see cref="OrganizationId"/>,
/// the organisation the caller acts in now, with the <see cref="Role"/> the caller holds there.
/// <see cref="IsOwner"/>: the installation's owner (the first administrator), who may act in the operations dashboard.
/// <see cref="ApiKeyId"/> is set when the caller is an API key (then <see cref="Scopes"/> are the key's scopes);
/// a browser session has every scope its role allows.
/// </summary>
public sealed record Caller(Guid UserId, Guid OrganizationId, string Email, OrganizationRole Role, bool IsOwner = false)
{
    public Guid? ApiKeyId { get; init; }

    /// <summary>The browser session (a <c>user_sessions</c> row) the caller signed in with; null for API keys.</summary>
    public Guid? SessionId { get; init; }

    public ApiKeyScopes Scopes { get; init; } = ApiKeyScopes.All;

    /// <summary>The client's IP address as the host saw it (for the audit log); null outside a request.</summary>
    public string? ClientAddress { get; init; }

    public bool IsAdmin => Role == OrganizationRole.Admin;

    /// <summary>A customer's own staff: never sees internal notes or another organisation.</summary>
    public bool IsCustomer => Role == OrganizationRole.Customer;

    /// <summary>Engineers and administrators of the organisation (not its customers' staff).</summary>
    public bool IsStaff => Role is OrganizationRole.Engineer or OrganizationRole.Admin;

    public bool Has(ApiKeyScopes scope) => (Scopes & scope) == scope;

    /// <summary>
    /// Refuses a customer's staff what only the support centre does (the workflow, corrections, holds, environments,
    /// notes of others). The API's access rules refuse it before a request is read; the UI calls the services
    /// directly, so the services hold the rule too.
    /// </summary>
    public void RequireStaff(string what)
    {
        if (!IsStaff)
            throw new ForbiddenException($"a customer account cannot {what}; the support centre's engineers do");
    }
}
