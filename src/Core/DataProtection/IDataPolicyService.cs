using Crashdesk.Core.Services;

namespace Crashdesk.Core.DataProtection;

/// <summary>
/// The caller's organisation's data policies: dump retention, storage quota, audit retention, customers' console. Administrators
/// only (others: <see cref="ForbiddenException"/>); every change is an audit event (<c>policy.change</c>).
/// </summary>
public interface IDataPolicyService
{
    Task<RetentionPolicyView> GetRetentionAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Sets the days raw dumps are kept (0..36500; null keeps them for ever). Out of range: <see cref="ValidationException"/>.</summary>
    Task<RetentionPolicyView> SetRetentionAsync(Caller caller, int? days, CancellationToken cancellationToken = default);

    Task<StorageQuotaView> GetQuotaAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Sets the bytes the organisation's artifacts may take (null: no quota); a negative value: <see cref="ValidationException"/>.</summary>
    Task<StorageQuotaView> SetQuotaAsync(Caller caller, long? bytes, CancellationToken cancellationToken = default);

    Task<RetentionPolicyView> GetAuditRetentionAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Sets the days audit events are kept (30..36500; null keeps them for ever). Out of range: <see cref="ValidationException"/>.</summary>
    Task<RetentionPolicyView> SetAuditRetentionAsync(Caller caller, int? days, CancellationToken cancellationToken = default);

    /// <summary>Whether the organisation's customer accounts may use the console on its dumps (engineers always may).</summary>
    Task<ConsoleAccessPolicyView> GetConsoleAccessAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<ConsoleAccessPolicyView> SetConsoleAccessAsync(Caller caller, bool customers, CancellationToken cancellationToken = default);
}
