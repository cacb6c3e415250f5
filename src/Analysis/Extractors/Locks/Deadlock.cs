namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>A cycle in the wait-for graph: each task waits for a lock owned by the next one.</summary>
/// <param name="Pids">The tasks of the cycle, in wait order (the last waits for the first).</param>
/// <param name="Locks">Lock names, Locks[i] is what Pids[i] waits for.</param>
public sealed record Deadlock(IReadOnlyList<int> Pids, IReadOnlyList<string> Locks);
