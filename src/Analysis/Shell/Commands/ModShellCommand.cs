using Crashdesk.Analysis.Context.Modules;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's <c>mod</c> (kernel.c do_module_cmd()) with no options: the loaded modules, as <c>crashdesk mod</c> prints them.</summary>
internal sealed class ModShellCommand : IShellCommand
{
    public string Name => "mod";

    public string Summary => "loaded modules: MODULE, NAME, BASE, SIZE, OBJECT FILE";

    public string Usage => "mod";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        CrashOptions.Check(this, invocation);
        var context = shell.Context;
        if (context.Modules.Count == 0 && context.ModuleProblem is { } unread && unread.StartsWith("module list not read", StringComparison.Ordinal))
            throw new ShellCommandException($"mod: {unread}");
        output.Write(ModuleListText.Format(context.Modules, context.Types.SizeOf("module_memory") is not null));
        if (context.ModuleProblem is { } problem)
            output.WriteLine($"mod: {problem}");
    }
}
