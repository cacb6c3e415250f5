using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk triage &lt;dump-or-log-file&gt; [--json]`: classifies every crash in a kernel log (console
/// capture, dmesg, vmcore-dmesg.txt, /var/log/messages, journalctl -k). With --json prints
/// `{"reports": [...]}` (primary first, `[]` for a clean log); otherwise a readable summary.
/// </summary>
internal sealed class TriageCommand : ICliCommand
{
    public string Name => "triage";

    public string Summary => "classify the crashes in a kernel log: class, title, guilty frame, signature, locks";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count != 1)
        {
            error.WriteLine("usage: crashdesk triage <dump-or-log-file> [--json]");
            return 2;
        }
        string path = arguments.Positionals[0];
        if (!File.Exists(path))
        {
            error.WriteLine($"crashdesk triage: {path}: no such file");
            return 1;
        }
        using (var source = new FileByteSource(path))
        {
            // A text log goes through the engine's LogAnalyzer, as the service's console-log cases do:
            // bounded read, safe decoding of any bytes.
            if (source.Length == 0 || LogAnalyzer.LooksLikeText(source))
                return Print(LogAnalyzer.Analyze(source).Triage ?? new TriageResult(), arguments, output);
        }
        // A dump: triage the kernel log the dump readers extract (the same text `crashdesk log` prints).
        return DumpCommandRunner.Run(Name, arguments, error, target =>
            Print(LogTriage.Analyze(KernelLogExtractor.Extract(target).ToCrashText()), arguments, output));
    }

    private static int Print(TriageResult result, CliArguments arguments, TextWriter output)
    {
        if (arguments.Has("--json"))
        {
            output.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.TriageResult));
            return 0;
        }
        WriteText(result, output);
        return 0;
    }

    private const int TopFrames = 12;

    private static void WriteText(TriageResult result, TextWriter output)
    {
        if (result.Reports.Count == 0)
            output.WriteLine("no crash found in this log");
        for (int i = 0; i < result.Reports.Count; i++)
        {
            var r = result.Reports[i];
            output.WriteLine(i == 0 ? "PRIMARY CRASH" : $"CRASH {i + 1} of {result.Reports.Count}");
            Field(output, "class", r.Class + (r.Deliberate ? " (deliberate)" : ""));
            Field(output, "title", r.Title);
            Field(output, "message", $"{r.Message}   (line {r.Line})");
            Field(output, "guilty frame", r.GuiltyFrame);
            Field(output, "signature", $"{r.Signature} (v{r.SignatureVersion})");
            Field(output, "panic", r.PanicReason);
            Field(output, "task", r.Comm is null ? null : $"{r.Comm} pid {r.Pid?.ToString() ?? "?"}" + (r.Cpu is int c ? $" on CPU {c}" : ""));
            Field(output, "kernel", r.KernelRelease);
            Field(output, "tainted", r.Taint is { Flags.Count: > 0 } t ? string.Join(", ", t.Flags) : r.Taint is null ? null : "no");
            Field(output, "hardware", r.HardwareName);
            Field(output, "rip", r.Rip);
            if (r.Lockup is { } l)
                Field(output, "lockup", $"CPU {l.Cpu}" + (l.StuckSeconds is int s ? $" stuck for {s}s" : ""));
            if (r.Oom is { } o)
                Field(output, "oom", $"invoked by {o.InvokerComm} (gfp {o.GfpMask}, order {o.Order}); killed {o.KilledComm ?? "-"} {o.KilledPid}; largest {o.LargestTaskComm} ({o.LargestTaskRssPages} pages)");
            if (r.PanicSettings.Count > 0)
                Field(output, "settings", string.Join(", ", r.PanicSettings));
            if (r.Frames.Count > 0)
            {
                output.WriteLine("  frames:");
                foreach (var f in r.Frames.Take(TopFrames))
                    output.WriteLine($"    {(f.IsRip ? "RIP " : f.Reliable ? "    " : "  ? ")}{f.Function}{(f.Offset is long off ? $"+0x{off:x}" : "")}{(f.Module is null ? "" : $" [{f.Module}]")}");
                if (r.Frames.Count > TopFrames)
                    output.WriteLine($"    ... {r.Frames.Count - TopFrames} more");
            }
            foreach (var rt in r.RelatedTasks)
                output.WriteLine($"  also blocked: {rt.Comm}/{rt.Pid} in {rt.Frames.FirstOrDefault(f => f.Reliable)?.Function}");
            foreach (var task in r.LocksHeld)
            {
                output.WriteLine($"  locks held by {task.Comm}/{task.Pid}:");
                foreach (var lk in task.Locks)
                    output.WriteLine($"    #{lk.Index} {lk.Name} {{{lk.Usage}}}{(lk.Address is null ? "" : " " + lk.Address)} at {lk.AcquireSite}");
            }
            if (r.Lockdep is { } d)
            {
                Field(output, "lockdep", d.Kind);
                if (d.Acquiring is not null)
                    output.WriteLine($"    {d.Task} acquires {d.Acquiring.Name} at {d.Acquiring.AcquireSite}");
                if (d.Holding is not null)
                    output.WriteLine($"    while holding {d.Holding.Name} at {d.Holding.AcquireSite}");
                foreach (var link in d.Chain)
                    output.WriteLine($"    chain #{link.Index}: {link.Lock}");
            }
            foreach (string a in r.CaptureAdvice)
                output.WriteLine($"  advice: {a}");
            output.WriteLine();
        }
        foreach (var dump in result.SysrqDumps)
            output.WriteLine($"SysRq-{dump.Command} dump: {dump.Message} ({dump.Tasks.Count} tasks, {dump.LocksHeld.Count} lock blocks)");
        foreach (string note in result.Notes)
            output.WriteLine($"note: {note}");
    }

    private static void Field(TextWriter output, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            output.WriteLine($"  {name + ":",-14}{value}");
    }
}
