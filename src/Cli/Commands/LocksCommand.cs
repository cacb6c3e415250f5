using System.Text.Json;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Tasks;

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
                output.Write(LockReportText.Format(report));
            return 0;
        });

    private static LocksJson Json(LockReport r) => new(
        [.. r.Locks.Select(l => new LocksJson.Lock(l.Name, $"0x{l.Address:x}", l.Kind, l.OwnerPid, l.WaiterPids, l.HolderPids))],
        [.. r.HeldLocks.Select(t => new LocksJson.TaskHeld(t.Pid, t.Comm,
            [.. t.Locks.Select(l => new LocksJson.Held(l.Index, $"0x{l.LockdepMap:x}", l.ClassName, l.AcquireSite))]))],
        [.. r.WaitFor.Select(e => new LocksJson.Edge(e.WaiterPid, e.OwnerPid, e.Lock))],
        [.. r.Deadlocks.Select(d => new LocksJson.Cycle(d.Pids, d.Locks))]);
}
