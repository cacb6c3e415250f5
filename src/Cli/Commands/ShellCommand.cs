using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Disassembly;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk shell &lt;dump&gt; [--vmlinux F | --profile F] [-c LINE]…`: crash's interactive session on a local dump,
/// with the commands the browser's console runs (the same <see cref="CrashShell"/>). Lines come from `-c`
/// (each one a command, then the shell ends) or from standard input until `q`/`quit`/`exit` or its end; a
/// terminal gets crash's `crash> ` prompt. Ctrl-C stops the running command, not the shell, as in crash.
/// </summary>
internal sealed class ShellCommand(TextReader? input = null) : ICliCommand
{
    /// <summary>crash's own words for leaving (cmdline.c: "q", "quit", "exit").</summary>
    private static readonly HashSet<string> Quit = new(StringComparer.Ordinal) { "q", "quit", "exit" };

    public string Name => "shell";

    public string Summary => "crash's interactive session: bt, ps, log, struct, rd, dis … on the dump (-c LINE runs one and ends; --vmlinux F)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var shell = new CrashShell(session.Target, session.DebugInfo, new CrashShellNames(session.KernelName, session.DumpName), CrashCommands.WithDisassembler(new IcedInstructionDecoder()));
            var lines = arguments.Options("-c");
            bool terminal = lines.Count == 0 && input is null && !Console.IsInputRedirected;
            var reader = input ?? Console.In;
            int failures = 0;
            CancellationTokenSource? running = null;
            ConsoleCancelEventHandler interrupt = (_, e) =>
            {
                // Ctrl-C during a command stops the command (crash prints its partial output and a new prompt).
                if (Volatile.Read(ref running) is { } current)
                {
                    e.Cancel = true;
                    current.Cancel();
                }
            };
            Console.CancelKeyPress += interrupt;
            try
            {
                foreach (string line in Lines(lines, reader, terminal, output))
                {
                    if (Quit.Contains(line.Trim()))
                        break;
                    using var cancel = new CancellationTokenSource();
                    Volatile.Write(ref running, cancel);
                    var reply = shell.Execute(line, cancel.Token);
                    Volatile.Write(ref running, null);
                    output.Write(reply.Text);
                    if (reply.Truncated)
                        error.WriteLine("crashdesk shell: output cut at 1 MiB; narrow the command");
                    if (reply.Cancelled)
                        output.WriteLine("^C");
                    if (reply.Error is not null)
                        failures++;
                }
            }
            finally
            {
                Console.CancelKeyPress -= interrupt;
            }
            // -c runs are scripts: a failed command fails the run, as a shell's `set -e` would have it.
            return lines.Count > 0 && failures > 0 ? 1 : 0;
        });

    private static IEnumerable<string> Lines(IReadOnlyList<string> commands, TextReader reader, bool terminal, TextWriter output)
    {
        if (commands.Count > 0)
        {
            foreach (string command in commands)
                yield return command;
            yield break;
        }
        while (true)
        {
            if (terminal)
            {
                output.Write("crash> ");
                output.Flush();
            }
            if (reader.ReadLine() is not { } line)
                yield break;
            yield return line;
        }
    }
}
