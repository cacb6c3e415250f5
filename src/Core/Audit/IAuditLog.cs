using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Audit;

/// <summary>
/// The organisation's audit log. Changes are recorded with <see cref="AddAsync"/> inside the change's own unit
/// of work (one transaction: no change without its row, no row without its change); reads are recorded with
/// <see cref="WriteAsync"/> before what was read is handed out, and fail closed.
/// </summary>
public interface IAuditLog
{
    /// <summary>Adds the event to the scope's DbContext: it is written by the caller's next SaveChanges.</summary>
    Task AddAsync(Caller caller, string action, AuditTarget target, CancellationToken cancellationToken = default);

    /// <summary>Writes the event now; <see cref="AuditUnavailableException"/> when it cannot be written.</summary>
    Task WriteAsync(Caller caller, string action, AuditTarget target, CancellationToken cancellationToken = default);

    /// <summary>
    /// A sign-in attempt (there is no caller yet): recorded in the account's home organisation; an e-mail nobody
    /// has is recorded in the support centre's (provider) organisation, which runs the installation.
    /// <paramref name="method"/> is how the person signed in (<see cref="SignInMethods"/>), kept in the detail.
    /// </summary>
    Task WriteSignInAsync(string email, string method, string action, string? reason, string? clientAddress, CancellationToken cancellationToken = default);

    /// <summary>One page of the caller's organisation's log (administrators only: <see cref="ForbiddenException"/>).</summary>
    Task<AuditPage> SearchAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>One page by cursor (keyset on time and id, newest first; the query's page and page size are not read).</summary>
    Task<AuditCursorPage> SearchAsync(Caller caller, AuditQuery query, PageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Records that the caller exports the log with these filters (fail closed, as <see cref="WriteAsync"/>).</summary>
    Task RecordExportAsync(Caller caller, AuditQuery query, AuditExportFormat format, CancellationToken cancellationToken = default);

    /// <summary>Streams every event matching the filters (no paging), newest first, to <paramref name="output"/>.</summary>
    Task ExportAsync(Caller caller, AuditQuery query, AuditExportFormat format, Stream output, CancellationToken cancellationToken = default);
}
