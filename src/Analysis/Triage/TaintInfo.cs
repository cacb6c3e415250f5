namespace Crashdesk.Analysis.Triage;

/// <summary>The `Tainted:` field of the oops header, raw and decoded (kernel/panic.c taint_flags).</summary>
public sealed record TaintInfo
{
    /// <summary>The flag letters as printed (`G           OE     `), or "" for `Not tainted`.</summary>
    public required string Raw { get; init; }

    /// <summary>One word per set flag, e.g. "out-of-tree module".</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
}
