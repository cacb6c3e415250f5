using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Extractors.Sys;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>log</c> (kernel.c cmd_log()): the kernel log as <c>crashdesk log</c> prints it; <c>-m</c>
/// adds each record's level ("&lt;6&gt;"), <c>-T</c> prints wall-clock times, <c>-t</c> none.
/// </summary>
internal sealed class LogShellCommand : IShellCommand
{
    public string Name => "log";

    public string Summary => "the kernel log (-m log levels, -T wall-clock times, -t no times)";

    public string Usage => "log [-T] [-t] [-m]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        CrashOptions.Check(this, invocation, "-m", "-T", "-t");
        var log = KernelLogExtractor.Extract(shell.Target);
        cancellationToken.ThrowIfCancellationRequested();
        var style = new CrashLogStyle(invocation.Has("-m"), invocation.Has("-T") ? BootTime(shell, log, cancellationToken) : null, invocation.Has("-t"));
        output.Write(log.ToCrashText(style));
        // What the dump lacks is said after everything readable, as `crashdesk log` does on stderr.
        foreach (string problem in log.Problems(shell.Target.FileInfo))
            output.WriteLine($"log: {problem}");
    }

    private static DateTimeOffset BootTime(CrashShell shell, KernelLog log, CancellationToken cancellationToken)
    {
        // crash's kt->boot_date (task.c task_init()): the dump's date minus the uptime in whole seconds.
        var sys = SystemInfoExtractor.Extract(shell.Context, shell.GetTasks(cancellationToken), log);
        if (sys.Date is not { } date || sys.UptimeSeconds is not { } uptime)
            throw new ShellCommandException("log: -T: the time of the crash or the uptime is not in the dump, so the boot time is unknown");
        return date.AddSeconds(-uptime);
    }
}
