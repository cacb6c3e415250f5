using Crashdesk.Analysis.Caching;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// An interactive session on one open dump, as crash is: command lines in, crash's text out. The
/// kernel context (symbols, types, ORC) is built once and what several commands need (the task
/// list) is read once and kept, so every command after the first answers from memory and a few
/// page reads. One command runs at a time; <see cref="Execute"/> is safe to call from any thread.
/// </summary>
public sealed class CrashShell
{
    private readonly Lock _running = new();
    private readonly CancellableLazy<TaskList> _tasks;
    private readonly CancellableLazy<BacktraceExtractor> _backtraces;
    private readonly Lazy<ShellNameIndex> _symbolNames;
    private readonly Lazy<ShellNameIndex> _structNames;
    private readonly Lazy<ShellNameIndex> _unionNames;
    private int _valueHistory;

    /// <summary>Opens a shell on <paramref name="target"/> with an optional debug kernel or profile, knowing <paramref name="commands"/> (crash's are <c>Commands.CrashCommands.Default</c>; the set is passed in so the shell does not depend on its commands).</summary>
    public CrashShell(KernelTarget target, IKernelDebugInfo? debugInfo, CrashShellNames names, ShellCommandSet commands)
    {
        Target = target;
        DebugInfo = debugInfo;
        Names = names;
        Context = KernelContextFactory.Create(target, debugInfo);
        Commands = commands;
        // Both are read by the first command that needs them, under that command's token: a Ctrl-C
        // during the walk stops it, and the next command walks again (nothing half-built is kept).
        _tasks = new CancellableLazy<TaskList>(ct => TaskListExtractor.Extract(Context, ct));
        // Building the unwinder reads the ORC tables and per-CPU stacks: once per shell, as the CLI's `bt` does per run.
        _backtraces = new CancellableLazy<BacktraceExtractor>(
            ct => new BacktraceExtractor(Context, debugInfo is { } info ? DebugFrameSource.From(info) : null, ct));
        _symbolNames = new Lazy<ShellNameIndex>(() => new ShellNameIndex(Context.Symbols.Symbols.Select(s => s.Name)), LazyThreadSafetyMode.ExecutionAndPublication);
        _structNames = new Lazy<ShellNameIndex>(() => new ShellNameIndex(ShellCompletion.TypeNames(debugInfo, "struct")), LazyThreadSafetyMode.ExecutionAndPublication);
        _unionNames = new Lazy<ShellNameIndex>(() => new ShellNameIndex(ShellCompletion.TypeNames(debugInfo, "union")), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The dump.</summary>
    public KernelTarget Target { get; }

    /// <summary>The debug kernel or profile, null when symbols and types come from the dump (kallsyms, BTF).</summary>
    public IKernelDebugInfo? DebugInfo { get; }

    /// <summary>Symbols, types and ORC of the crashed kernel.</summary>
    public KernelContext Context { get; }

    /// <summary>How the dump and kernel are called in crash's echoes (<c>sys</c>'s KERNEL and DUMPFILE).</summary>
    public CrashShellNames Names { get; }

    /// <summary>The commands this shell knows.</summary>
    public ShellCommandSet Commands { get; }

    /// <summary>Every task (read once, by the first command that asks; <paramref name="cancellationToken"/> is that command's).</summary>
    public TaskList GetTasks(CancellationToken cancellationToken) => _tasks.Get(cancellationToken);

    /// <summary>The backtrace extractor (ORC, per-CPU stacks, panic CPU; built once, by the first command that asks).</summary>
    public BacktraceExtractor GetBacktraces(CancellationToken cancellationToken) => _backtraces.Get(cancellationToken);

    /// <summary>
    /// Runs one command line. Never throws for the dump's or the user's faults: an unknown command,
    /// a wrong argument, memory not in the dump are printed as crash prints them.
    /// </summary>
    public ShellReply Execute(string line, CancellationToken cancellationToken = default, int maxOutputChars = 1 << 20)
    {
        var output = new ShellOutput(maxOutputChars);
        if (ShellInvocation.Parse(line) is not { } invocation)
            return output.ToReply(false, null);
        if (Commands.Find(invocation.Name) is not { } command)
        {
            // crash's wording (main.c, cmd_not_found).
            string message = $"crash: command not found: {invocation.Name}";
            output.WriteLine(message);
            return output.ToReply(false, message);
        }
        lock (_running)
        {
            try
            {
                command.Run(this, invocation, output, cancellationToken);
                return output.ToReply(false, null);
            }
            catch (ShellOutputFullException)
            {
                return output.ToReply(false, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return output.ToReply(true, null);
            }
            catch (Exception e) when (e is ShellCommandException or MemoryNotPresentException or DumpFormatException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                string message = e is ShellCommandException ? e.Message : $"{command.Name}: {e.Message.ReplaceLineEndings(" ").Trim()}";
                return Finish(output, message);
            }
        }
    }

    /// <summary>Every symbol name (vmlinux and modules), sorted for completion (built on first use).</summary>
    public ShellNameIndex SymbolNames => _symbolNames.Value;

    /// <summary>The struct (<paramref name="keyword"/> "struct") or union tags, sorted for completion (built on first use).</summary>
    public ShellNameIndex TypeNames(string keyword) => keyword == "union" ? _unionNames.Value : _structNames.Value;

    /// <summary>The next number of gdb's value history (`$1`, `$2`, …) that crash's `p` prints.</summary>
    public int NextValueNumber() => Interlocked.Increment(ref _valueHistory);

    /// <summary>Completions for the word being typed at the end of <paramref name="line"/> (commands first; then what the command takes).</summary>
    public IReadOnlyList<string> Complete(string line, int max = 50) => ShellCompletion.Complete(this, line, max);

    private static ShellReply Finish(ShellOutput output, string message)
    {
        try
        {
            output.WriteLine(message);
        }
        catch (ShellOutputFullException)
        {
        }
        return output.ToReply(false, message);
    }
}

/// <summary>The names crash echoes for the kernel and the dump (its command-line arguments).</summary>
public sealed record CrashShellNames(string Kernel, string DumpFile);
