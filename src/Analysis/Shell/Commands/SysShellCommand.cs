using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Extractors.Sys;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's <c>sys</c> (the same text as <c>crashdesk sys</c>).</summary>
internal sealed class SysShellCommand : IShellCommand
{
    public string Name => "sys";

    public string Summary => "system data: kernel, dump, CPUs, date, uptime, load, tasks, memory, panic";

    public string Usage => "sys";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        var log = KernelLogExtractor.Extract(shell.Target);
        var sys = SystemInfoExtractor.Extract(shell.Context, shell.GetTasks(cancellationToken), log);
        output.Write(SystemInfoText.Format(sys, shell.Names.Kernel, shell.Names.DumpFile));
    }
}
