namespace Crashdesk.Core.Services;

/// <summary>Tenants. Administration is minimal at this stage: create and look up by name.</summary>
public interface IOrganizationService
{
    /// <summary>The organisation's id, creating it when missing.</summary>
    Task<Guid> EnsureAsync(string name, CancellationToken cancellationToken = default);
}
