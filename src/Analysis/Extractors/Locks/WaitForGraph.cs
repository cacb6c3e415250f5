namespace Crashdesk.Analysis.Extractors.Locks;

/// <summary>
/// Finds cycles in a wait-for graph (a task waits for the owner of the lock it blocks on). Each task
/// waits on at most one lock, so following the single out-edge from every task finds every cycle in
/// O(tasks); the walk is bounded by the number of tasks, so corrupt data cannot loop it.
/// </summary>
public static class WaitForGraph
{
    /// <summary>Every distinct cycle, each listed once starting at its smallest pid.</summary>
    public static IReadOnlyList<Deadlock> FindCycles(IReadOnlyList<WaitEdge> edges)
    {
        var next = new Dictionary<int, WaitEdge>();
        foreach (var e in edges)
            next.TryAdd(e.WaiterPid, e);
        var cycles = new List<Deadlock>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (int start in next.Keys)
        {
            var path = new List<int>();
            var onPath = new Dictionary<int, int>();
            int current = start;
            while (next.TryGetValue(current, out var edge) && path.Count <= next.Count)
            {
                if (onPath.TryGetValue(current, out int at))
                {
                    var pids = path.Skip(at).ToList();
                    int min = pids.IndexOf(pids.Min());
                    pids = [.. pids.Skip(min), .. pids.Take(min)];
                    if (seen.Add(string.Join(",", pids)))
                        cycles.Add(new Deadlock(pids, pids.Select(p => next[p].Lock).ToList()));
                    break;
                }
                onPath[current] = path.Count;
                path.Add(current);
                current = edge.OwnerPid;
            }
        }
        return cycles;
    }
}
