using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Extractors.Locks;
using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Analysis;

/// <summary>
/// The engine's entry point for the service and the CLI: opens a dump from any byte source and
/// runs every extractor, each isolated: a failing one becomes an <see cref="ExtractorFailure"/>
/// and the others still run (an excluded page, a corrupt list, types the kernel lacks).
/// </summary>
public static class DumpAnalyzer
{
    /// <summary>Names accepted in <see cref="AnalysisOptions.Extractors"/>.</summary>
    public static IReadOnlyList<string> ExtractorNames { get; } = ["kernel-log", "triage", "tasks", "sys", "kmem", "backtraces", "locks", "modules"];

    /// <summary>
    /// Analyses the dump read from <paramref name="dump"/>. Throws <see cref="DumpFormatException"/>
    /// (corrupt) or <see cref="NotSupportedException"/> (not a dump / unsupported) only when the dump
    /// cannot be opened at all; a failing extractor becomes an <see cref="ExtractorFailure"/>.
    /// </summary>
    public static AnalysisReport Analyze(IByteSource dump, CancellationToken cancellationToken = default) =>
        Analyze(dump, new AnalysisOptions(), cancellationToken);

    /// <summary>As <see cref="Analyze(IByteSource, CancellationToken)"/>, with explicit limits.</summary>
    public static AnalysisReport Analyze(IByteSource dump, AnalysisLimits? limits, CancellationToken cancellationToken = default) =>
        Analyze(dump, new AnalysisOptions { Limits = limits }, cancellationToken);

    /// <summary>Opens the dump and runs the extractors chosen by <paramref name="options"/>.</summary>
    public static AnalysisReport Analyze(IByteSource dump, AnalysisOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var target = KernelTarget.Open(dump, options.Limits);
        return Analyze(target, options, cancellationToken);
    }

    /// <summary>Runs every extractor on an opened target without debug information.</summary>
    public static AnalysisReport Analyze(KernelTarget target, CancellationToken cancellationToken = default) =>
        Analyze(target, new AnalysisOptions(), cancellationToken);

    /// <summary>Runs the extractors chosen by <paramref name="options"/> on an opened target.</summary>
    public static AnalysisReport Analyze(KernelTarget target, AnalysisOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<ExtractorFailure>();
        // Symbols come from memory (kallsyms) when no debug kernel is given: a truncated or corrupt
        // dump can lack those pages, which must not cost the kernel log (it needs only VMCOREINFO
        // and the log buffer). A debug kernel of another build would give wrong offsets and
        // symbols: it is reported and never used, and the analysis goes on from the dump alone.
        // A log-only pass (kernel-log, triage) needs no symbols or types: it reads VMCOREINFO and the
        // log buffer only, which is what a dump excerpt carries (Excerpts/DumpExcerpt).
        KernelContext? context = !NeedsKernelContext(options) ? null : Run("symbols", () =>
        {
            try
            {
                return KernelContextFactory.Create(target, options.DebugInfo);
            }
            catch (KernelMismatchException e)
            {
                failures.Add(new ExtractorFailure("debug-kernel", e.Message));
                return KernelContextFactory.Create(target, null);
            }
        }, failures, cancellationToken, options.Timings, target.FileInfo);
        if (context is not null)
            options.OnKernelContext?.Invoke(context);
        cancellationToken.ThrowIfCancellationRequested();

        KernelLog? log = options.Runs("kernel-log") || options.Runs("sys") || options.Runs("triage")
            ? Run("kernel-log", () => KernelLogExtractor.Extract(target), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        // A partial log is kept (every record the dump holds) and what is missing or does not add
        // up is said, so the report never passes a part of the log off as all of it.
        if (log is not null)
            failures.AddRange(log.Problems(target.FileInfo).Select(p => new ExtractorFailure("kernel-log", p)));
        string? logText = log?.ToCrashText();
        TriageResult? triage = options.Runs("triage") && logText is not null
            ? Run("triage", () => LogTriage.Analyze(logText), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        // Without any type information (no debug kernel, profile or BTF) the type-driven extractors
        // cannot run at all: say so instead of reporting them as failed.
        var skipped = new List<ExtractorFailure>();
        bool hasTypes = context?.Types.SizeOf("task_struct") is not null;
        if (!hasTypes && context is not null)
            skipped.Add(new ExtractorFailure("tasks", "no kernel types: give a debug kernel (--vmlinux) or a kernel profile"));
        TaskList? tasks = hasTypes && (options.Runs("tasks") || options.Runs("sys"))
            ? Run("tasks", () => TaskListExtractor.Extract(context!, cancellationToken), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        // What the walk could not read (a task_struct, an mm_struct, the memory nodes) is said: the
        // tasks it leaves unknown are null, and the reason belongs next to them.
        if (tasks is not null)
            failures.AddRange(tasks.Warnings.Select(w => new ExtractorFailure("tasks", Formats.TruncationNote.Explain(w, w.Contains("not in the dump", StringComparison.Ordinal) ? target.FileInfo : null))));
        SystemInfo? system = options.Runs("sys") && context is not null
            ? Run("sys", () => SystemInfoExtractor.Extract(context, tasks, log), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        MemoryInfo? kmem = hasTypes && options.Runs("kmem")
            ? Run("kmem", () => MemoryInfoExtractor.Extract(context!, cancellationToken), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        if (!hasTypes && context is not null)
            skipped.Add(new ExtractorFailure("kmem", "no kernel types: give a debug kernel (--vmlinux) or a kernel profile"));
        (IReadOnlyList<TaskBacktrace> Active, IReadOnlyList<TaskBacktrace> Others)? traces = hasTypes && options.Runs("backtraces")
            ? Run("backtraces", () => Backtraces(context!, options, tasks, cancellationToken), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        LockReport? locks = hasTypes && tasks is not null && options.Runs("locks")
            ? Run("locks", () => LockExtractor.Extract(context!, tasks, cancellationToken), failures, cancellationToken, options.Timings, target.FileInfo)
            : null;
        return new AnalysisReport
        {
            Dump = DumpSummaryBuilder.Build(target),
            KernelLog = options.Runs("kernel-log") ? logText : null,
            PanicLine = log is null ? null : PanicLineFinder.Find(log),
            SymbolOrigin = context?.SymbolOrigin,
            TypeOrigin = context?.TypeOrigin,
            System = system,
            Tasks = options.Runs("tasks") ? tasks?.Tasks : null,
            TotalPages = tasks?.TotalPages,
            Triage = triage,
            Memory = kmem,
            ActiveBacktraces = traces?.Active,
            TaskBacktraces = traces?.Others,
            Locks = locks,
            Modules = options.Runs("modules") ? ModulesOrUnknown(context, failures, target.FileInfo) : null,
            Failures = failures,
            Skipped = skipped,
        };
    }

    /// <summary>True when an extractor <paramref name="options"/> runs reads symbols or types.</summary>
    private static bool NeedsKernelContext(AnalysisOptions options) =>
        options.Runs("tasks") || options.Runs("sys") || options.Runs("kmem") || options.Runs("backtraces") || options.Runs("locks") || options.Runs("modules");

    /// <summary>
    /// crash's `bt -a` (the active task of every CPU, in CPU order as crash prints it) and
    /// `foreach bt` for every other task in <see cref="BacktraceOrder"/>: D-state tasks first, as
    /// the hung tasks are what an engineer reads first.
    /// </summary>
    private static (IReadOnlyList<TaskBacktrace>, IReadOnlyList<TaskBacktrace>)? Backtraces(KernelContext context, AnalysisOptions options, TaskList? tasks, CancellationToken cancellationToken)
    {
        var extractor = new BacktraceExtractor(context, options.DebugInfo is { } info ? DebugFrameSource.From(info) : null, cancellationToken);
        var active = options.Timings is { } t ? t.Measure("backtraces: active CPUs", extractor.ForActiveCpus) : extractor.ForActiveCpus();
        if (tasks is null)
            return (active, []);
        var activeTasks = active.Select(t => t.Task).ToHashSet();
        var others = tasks.Tasks
            .Where(t => !activeTasks.Contains(t.Address) && !t.IsIdle)
            .Select(t => t.Address).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var ordered = BacktraceOrder.Of([], extractor.ForTasks(others), null, tasks.Tasks);
        return (active, ordered.Select(o => o.Trace).ToList());
    }

    /// <summary>
    /// The loaded modules, or null with a "modules" failure when the list could not be read: an
    /// empty list says "no modules loaded", which a cut dump of a kernel with modules (crash's `mod`
    /// lists them) must not say. A kernel without CONFIG_MODULES (symbols readable, no `modules`
    /// list head) has an empty list.
    /// </summary>
    private static IReadOnlyList<Context.Modules.KernelModule>? ModulesOrUnknown(KernelContext? context, List<ExtractorFailure> failures, Formats.DumpFileInfo file)
    {
        if (context is null)
            return null;
        string? why = context.ModuleProblem is { } p && p.StartsWith("module list not read", StringComparison.Ordinal) ? p
            : context.Symbols.Count == 0 ? $"module list not read: without kernel symbols the list head `modules` cannot be found (symbols: {context.SymbolOrigin})"
            : null;
        if (why is null)
            return context.Modules;
        failures.Add(new ExtractorFailure("modules", Formats.TruncationNote.Explain(why, why.Contains("not in the dump", StringComparison.Ordinal) ? file : null)));
        return null;
    }

    /// <summary>
    /// Runs one extractor. Anything it throws except cancellation is recorded (with the exception
    /// type when it is not one of the three expected failure kinds), so one broken part never
    /// takes the report down.
    /// </summary>
    internal static T? Run<T>(string extractor, Func<T?> run, List<ExtractorFailure> failures, CancellationToken cancellationToken, Diagnostics.PhaseTimings? timings = null, Formats.DumpFileInfo? file = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timing = timings?.Start(extractor);
        try
        {
            return run();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            bool expected = e is DumpFormatException or NotSupportedException or Memory.MemoryNotPresentException;
            failures.Add(new ExtractorFailure(extractor, expected ? Formats.TruncationNote.Explain(e, file) : $"{e.GetType().Name}: {e.Message}"));
            return default;
        }
    }
}
