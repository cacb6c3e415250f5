namespace Crashdesk.Analysis.Triage;

/// <summary>One `-> #N (lock){....}:` entry of lockdep's "existing dependency chain", with the stack that recorded it.</summary>
public sealed record LockdepChainLink
{
    /// <summary>N of `-> #N`.</summary>
    public int Index { get; init; }

    /// <summary>The lock class name between the parentheses.</summary>
    public required string Lock { get; init; }

    /// <summary>The stack lockdep saved when it recorded the dependency.</summary>
    public IReadOnlyList<TraceFrame> Frames { get; init; } = [];
}
