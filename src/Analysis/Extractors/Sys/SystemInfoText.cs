using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Extractors.Sys;

/// <summary>Renders <see cref="SystemInfo"/> as crash's `sys` (crash 8.0.2 kernel.c display_sys_stats(), task.c show_context()).</summary>
public static class SystemInfoText
{
    /// <summary>The `sys` text; <paramref name="kernel"/> and <paramref name="dumpFile"/> are echoed as crash echoes its arguments.</summary>
    public static string Format(SystemInfo s, string kernel, string dumpFile)
    {
        var sb = new StringBuilder();
        void Row(string label, string? value) => sb.Append(CultureInfo.InvariantCulture, $"{label,12}: {value ?? "unknown"}\n");
        // crash prints nothing when tainted_mask reads 0; unread, that is not the same: say so.
        Row("KERNEL", kernel + (s.Tainted switch { true => "  [TAINTED]", null => "  [TAINTED: unknown]", false => "" }));
        string markers = s.PartialDump || s.IncompleteDump
            ? " " + (s.PartialDump ? " [PARTIAL DUMP]" : "") + (s.IncompleteDump ? " [INCOMPLETE]" : "")
            : "";
        Row("DUMPFILE", dumpFile + markers);
        Row("CPUS", s.Cpus is { } cpus ? cpus.ToString(CultureInfo.InvariantCulture) + (s.OfflineCpus > 0 ? $" [OFFLINE: {s.OfflineCpus}]" : "") : null);
        Row("DATE", s.Date is { } d ? CrashUnits.Date(d) : null);
        Row("UPTIME", s.UptimeSeconds is { } u ? CrashUnits.Uptime(u) : null);
        Row("LOAD AVERAGE", s.LoadAverage);
        Row("TASKS", s.Tasks?.ToString(CultureInfo.InvariantCulture));
        Row("NODENAME", s.NodeName);
        Row("RELEASE", s.Release);
        Row("VERSION", s.Version);
        Row("MACHINE", $"{s.Machine}  ({(s.Mhz is { } m ? m.ToString(CultureInfo.InvariantCulture) : "unknown")} Mhz)");
        Row("MEMORY", s.Memory);
        if (s.Panic is { } panic)
            Row("PANIC", $"\"{panic}\"" + (panic.Contains("Oops: ", StringComparison.Ordinal) ? " (check log for details)" : ""));
        else
            Row("PANIC", "\"\"");
        if (s.PanicTask is { } t)
        {
            Row("PID", t.Pid.ToString(CultureInfo.InvariantCulture));
            Row("COMMAND", $"\"{t.Comm}\"");
            Row("TASK", string.Create(CultureInfo.InvariantCulture, $"{t.Task:x}  [THREAD_INFO: {t.Task:x}]"));
            Row("CPU", t.Cpu.ToString(CultureInfo.InvariantCulture));
            Row("STATE", t.VerboseState + " (PANIC)");
        }
        return sb.ToString();
    }
}
