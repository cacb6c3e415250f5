namespace Crashdesk.Analysis.Shell;

/// <summary>
/// What one command line printed. <see cref="Text"/> is what crash would print (its error lines
/// included, as crash prints them on the same terminal); <see cref="Truncated"/> says the output cap
/// cut it, <see cref="Cancelled"/> that Ctrl-C or the time cap stopped it, in which case
/// <see cref="Text"/> holds what was printed until then.
/// </summary>
public sealed record ShellReply(string Text, IReadOnlyList<ShellLink> Links, bool Truncated, bool Cancelled)
{
    /// <summary>Why the command failed as a whole ("bt: invalid task or pid value: 99999"), null when it ran.</summary>
    public string? Error { get; init; }
}
