using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Consoles;

/// <summary>One console command as people and the API see it.</summary>
public sealed record ConsoleCommandView(
    Guid Id,
    ConsoleCommandKind Kind,
    string Line,
    ConsoleCommandStatus Status,
    string? Output,
    IReadOnlyList<ConsoleLinkView> Links,
    bool Truncated,
    string? Error,
    long? BytesRead,
    int? DurationMs,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>True once the command is done, failed or cancelled.</summary>
    public bool Finished => Status is ConsoleCommandStatus.Done or ConsoleCommandStatus.Failed or ConsoleCommandStatus.Cancelled;
}

/// <summary>A clickable span of a command's output: <see cref="Length"/> characters from <see cref="Start"/> run <see cref="Command"/>.</summary>
public sealed record ConsoleLinkView(int Start, int Length, string Command);

/// <summary>Whether the caller may use the console on a case, and why not.</summary>
public sealed record ConsoleAccess(bool Allowed, string? Reason, string? DumpFileName);

/// <summary>The console cannot run on this case (no dump analysed, the dump purged): 409 on the API.</summary>
public sealed class ConsoleUnavailableException(string message) : Exception(message);
