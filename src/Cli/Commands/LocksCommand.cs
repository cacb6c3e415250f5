using System.Text;
using System.Text.Json;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Cli.Commands;

/// <summary>`crashdesk locks &lt;dump&gt; [--vmlinux F] [--json]`: who owns which lock, who waits, lockdep held locks, deadlocks.</summary>
internal sealed class LocksCommand : ICliCommand
{
    public string Name => "locks";

    public string Summary => "lock state: contended/held mutexes and rwsems, owners, waiters, lockdep held locks, deadlocks (--vmlinux F, --json)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var context = KernelContextFactory.Create(session.Target, session.DebugInfo);
            var report = LockExtractor.Extract(context, TaskListExtractor.Extract(context));
            foreach (string w in report.Warnings)
                error.WriteLine($"crashdesk locks: {w}");
            if (arguments.Has("--json"))
                output.WriteLine(JsonSerializer.Serialize(Json(report), CliJsonContext.Default.LocksJson));
            else
                output.Write(Text(report));
            return 0;
        });

    private static LocksJson Json(LockReport r) => new(
        [.. r.Locks.Select(l => new LocksJson.Lock(l.Name, $"0x{l.Address:x}", l.Kind, l.OwnerPid, l.WaiterPids, l.HolderPids))],
        [.. r.HeldLocks.Select(t => new LocksJson.TaskHeld(t.Pid, t.Comm,
            [.. t.Locks.Select(l => new LocksJson.Held(l.Index, $"0x{l.LockdepMap:x}", l.ClassName, l.AcquireSite))]))],
        [.. r.WaitFor.Select(e => new LocksJson.Edge(e.WaiterPid, e.OwnerPid, e.Lock))],
        [.. r.Deadlocks.Select(d => new LocksJson.Cycle(d.Pids, d.Locks))]);

    private static string Text(LockReport r)
    {
        var sb = new StringBuilder();
        foreach (var l in r.Locks)
        {
            string owner = l.OwnerPid is { } p ? $"owner PID {p}" : "no owner";
            sb.Append($"{l.Kind,-12} {l.Address:x16}  {l.Name}  {owner}");
            if (l.WaiterPids.Count > 0)
                sb.Append("  waiters: ").Append(string.Join(", ", l.WaiterPids));
            sb.Append('\n');
        }
        foreach (var t in r.HeldLocks)
        {
            sb.Append($"{t.Locks.Count} lock{(t.Locks.Count == 1 ? "" : "s")} held by {t.Comm}/{t.Pid}:\n");
            foreach (var l in t.Locks)
                sb.Append($" #{l.Index}: {l.LockdepMap:x16} ({l.ClassName}), at: {l.AcquireSite ?? $"{l.AcquireIp:x16}"}\n");
        }
        foreach (var d in r.Deadlocks)
            sb.Append("DEADLOCK: ").Append(string.Join(" -> ", d.Pids.Zip(d.Locks, (p, l) => $"PID {p} waits for {l}"))).Append('\n');
        if (r.Locks.Count == 0 && r.HeldLocks.Count == 0)
            sb.Append("no contended or held locks found\n");
        return sb.ToString();
    }
}
