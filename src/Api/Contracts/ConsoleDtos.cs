using Crashdesk.Core.Consoles;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// POST /cases/{id}/console: one crash command line (<c>bt -a</c>, <c>struct task_struct ffff…</c>), and how many
/// milliseconds to wait for its end (default 10000, at most 60000; 0 answers at once with the command queued).
/// </summary>
public sealed record ConsoleCommandRequest(string Command, int? Wait);

/// <summary>
/// One console command and, once finished, what it printed: <c>status</c> queued | running | done | failed | cancelled;
/// <c>output</c> the text as crash prints it; <c>links</c> the spans a person would click, each running its
/// <c>command</c>; <c>truncated</c> when the output cap cut it; <c>error</c> crash's error line or why it could not
/// run; <c>bytesRead</c> what it read of the dump from the object store; <c>durationMs</c> how long it ran.
/// </summary>
public sealed record ConsoleCommandDto(
    Guid Id,
    string Command,
    string Status,
    string? Output,
    IReadOnlyList<ConsoleLinkDto> Links,
    bool Truncated,
    string? Error,
    long? BytesRead,
    int? DurationMs,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

/// <summary><c>length</c> characters of the output from <c>start</c> (UTF-16 offsets) run <c>command</c> when clicked.</summary>
public sealed record ConsoleLinkDto(int Start, int Length, string Command);

/// <summary>Whether the caller may use the console on the case (<c>reason</c> when not), and the dump it reads.</summary>
public sealed record ConsoleAccessDto(bool Allowed, string? Reason, string? DumpFileName);

/// <summary>Completions of the last word of <c>line</c> (command names, then symbols or struct names).</summary>
public sealed record ConsoleCompletionsDto(string Line, IReadOnlyList<string> Candidates);

internal static class ConsoleDtos
{
    public static ConsoleCommandDto Of(ConsoleCommandView v) => new(
        v.Id, v.Line, Core.Domain.StatusNames.Name(v.Status), v.Output,
        [.. v.Links.Select(l => new ConsoleLinkDto(l.Start, l.Length, l.Command))],
        v.Truncated, v.Error, v.BytesRead, v.DurationMs, v.CreatedAt, v.FinishedAt);

    public static ConsoleAccessDto Of(ConsoleAccess a) => new(a.Allowed, a.Reason, a.DumpFileName);
}
