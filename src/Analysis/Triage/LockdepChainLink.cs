namespace Crashdesk.Analysis.Triage;

/// <summary>One `-> #N (lock){....}:` entry of lockdep's "existing dependency chain", with the stack that recorded it.</summary>
public sealed record LockdepChainLink
{
    public int Index { get; init; }

    public required string Lock { get; init; }

    public IReadOnlyList<TraceFrame> Frames { get; init; } = [];
}
