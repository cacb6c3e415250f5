namespace Crashdesk.Analysis.Triage;

/// <summary>What <see cref="GuiltyFrameFinder"/> found: the report's stack, its RIP, the guilty function.</summary>
internal sealed record GuiltyResult(IReadOnlyList<TraceFrame> Frames, TraceFrame? Rip, string? Guilty, IReadOnlyList<string> SignatureFrames);
