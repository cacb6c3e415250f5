using Crashdesk.Core.Services;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// The console of a case: crash-compatible command lines run by a worker on the case's dump (the one its
/// newest dump report read, with the debug kernel that report used), one session per person and case.
/// Engineers and administrators may use it; customers' staff only when their organisation allows it
/// (<see cref="ForbiddenException"/> otherwise). Every command is an audit event, and so is its output.
/// A case of another organisation is null (404).
/// </summary>
public interface IConsoleService
{
    /// <summary>Whether the console can run on the case (it has an analysed dump) and which dump it reads; null for a case not visible; <see cref="ForbiddenException"/> for a customer not let in.</summary>
    Task<ConsoleAccess?> AccessAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Queues one command line (or a completion of its last word) and returns it queued.</summary>
    Task<ConsoleCommandView?> SubmitAsync(Caller caller, Guid caseId, string line, Domain.ConsoleCommandKind kind, CancellationToken cancellationToken = default);

    /// <summary>The command once finished, or as it is after <paramref name="wait"/>; null when not the caller's command of that case.</summary>
    Task<ConsoleCommandView?> WaitAsync(Caller caller, Guid caseId, Guid commandId, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Asks the worker to stop the command (Ctrl-C); false when it is not the caller's or already finished.</summary>
    Task<bool> CancelAsync(Caller caller, Guid caseId, Guid commandId, CancellationToken cancellationToken = default);

    /// <summary>Tab completion of the line's last word: command names (answered at once), then what the command takes (by a worker, on the dump); null for a case not visible.</summary>
    Task<IReadOnlyList<string>?> CompleteAsync(Caller caller, Guid caseId, string line, CancellationToken cancellationToken = default);

    /// <summary>The caller's newest commands on the case, oldest first (the console's scrollback after a reload).</summary>
    Task<IReadOnlyList<ConsoleCommandView>?> HistoryAsync(Caller caller, Guid caseId, int limit, CancellationToken cancellationToken = default);
}
