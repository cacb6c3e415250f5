namespace Crashdesk.Core.Services;

/// <summary>First-start set-up: the default organisation, an administrator and an API key.</summary>
public interface IBootstrapService
{
    /// <summary>Creates them when the database has no user yet and returns the secrets; null when users exist.</summary>
    Task<BootstrapCredentials?> EnsureAdminAsync(CancellationToken cancellationToken = default);
}
