using System.ComponentModel.DataAnnotations;
using Crashdesk.Core.Auth;

namespace Crashdesk.Api.Auth.Oidc;

/// <summary>
/// <c>Authentication:Oidc</c>: optional single sign-on through an OpenID Connect provider. Off while
/// <see cref="Authority"/> is empty (the default); the login page then shows only the password form.
/// </summary>
public sealed class OidcOptions : IValidatableObject
{
    public const string Section = "Authentication:Oidc";

    /// <summary>The provider's issuer URL; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client's secret at the provider (client_secret_basic/post). Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The login page's button says "Sign in with {DisplayName}".</summary>
    [StringLength(60)]
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Space-separated, as OAuth's scope parameter is (RFC 6749 §3.3); <c>openid</c> is always asked for.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>An identity with a verified e-mail nobody has gets a new account (else it is refused).</summary>
    public bool AutoProvision { get; set; }

    /// <summary>Where provisioned accounts live: an organisation's id or its name.</summary>
    public string? ProvisionOrganization { get; set; }

    /// <summary>The role of provisioned accounts there: customer (the default), engineer or admin.</summary>
    public string ProvisionRole { get; set; } = "customer";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> ScopeList =>
        new[] { "openid" }.Concat(Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal);

    public OrganizationRole Role => CallerClaims.TryParseRole(ProvisionRole, out var role) ? role : OrganizationRole.Customer;

    /// <summary>
    /// Loopback only may be plain HTTP: the traffic never leaves the machine, so TLS protects nothing there (the
    /// tests' provider, a provider on the same host). Anywhere else the discovery document and the signing keys
    /// must come over TLS, or whoever sits on the path could hand us their own keys and sign in as anyone.
    /// </summary>
    public bool RequireHttpsMetadata => !(Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
            yield break;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            yield return new ValidationResult($"{Section}:Authority must be an absolute http(s) URL, not '{Authority}'", [nameof(Authority)]);
        else if (authority.Scheme == "http" && !authority.IsLoopback)
            yield return new ValidationResult($"{Section}:Authority must use https (plain http only on loopback): '{Authority}'", [nameof(Authority)]);
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return new ValidationResult($"{Section}:ClientId is required when an Authority is set", [nameof(ClientId)]);
        if (string.IsNullOrWhiteSpace(DisplayName))
            yield return new ValidationResult($"{Section}:DisplayName must not be empty", [nameof(DisplayName)]);
        if (!CallerClaims.TryParseRole(ProvisionRole, out _))
            yield return new ValidationResult($"{Section}:ProvisionRole must be customer, engineer or admin, not '{ProvisionRole}'", [nameof(ProvisionRole)]);
        if (AutoProvision && string.IsNullOrWhiteSpace(ProvisionOrganization))
            yield return new ValidationResult($"{Section}:ProvisionOrganization (an organisation's id or name) is required with AutoProvision", [nameof(ProvisionOrganization)]);
    }
}
