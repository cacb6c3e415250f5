using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// One kind of report header: the regex that recognises its first line, its class, how its title is
/// built (`{1}`…`{9}` are the header's groups, `{func}` the guilty function, `{access}` the KASAN
/// access type) and where its guilty frame is found.
/// </summary>
internal sealed record OopsPattern
{
    public required Regex Header { get; init; }

    public required string Class { get; init; }

    public required string Title { get; init; }

    public GuiltyStrategy Strategy { get; init; } = GuiltyStrategy.TraceOnly;

    /// <summary>Extra plumbing patterns for this kind (regex fragments).</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>For <see cref="GuiltyStrategy.AtAfterMarker"/>/<see cref="GuiltyStrategy.StackAfterMarker"/>/<see cref="GuiltyStrategy.Captured"/>.</summary>
    public Regex? Marker { get; init; }

    /// <summary>A line of this kind inside an open report belongs to it (panic after an oops, `invalid opcode` after `kernel BUG`).</summary>
    public bool Continuation { get; init; }

    /// <summary>Generic headers count only when a stack trace follows (a bare `WARNING:` line is not a crash).</summary>
    public bool NeedsTrace { get; init; }

    /// <summary>Consecutive lines of the same family are one report (hardware error dumps).</summary>
    public string? Family { get; init; }
}
