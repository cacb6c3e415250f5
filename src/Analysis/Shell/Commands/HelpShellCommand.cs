namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>crash's <c>help</c>: the commands, or one command's usage.</summary>
internal sealed class HelpShellCommand : IShellCommand
{
    public string Name => "help";

    public string Summary => "the commands, or one command's usage";

    public string Usage => "help [command]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        if (invocation.Arguments is [var name, ..])
        {
            if (shell.Commands.Find(name) is not { } one)
                throw new ShellCommandException($"No help available for \"{name}\"");
            output.WriteLine($"NAME\n  {one.Name} - {one.Summary}\n\nSYNOPSIS\n  {one.Usage}");
            return;
        }
        foreach (var command in shell.Commands.All)
        {
            output.WriteLink(command.Name.PadRight(12), "help " + command.Name);
            output.WriteLine(command.Summary);
        }
    }
}
