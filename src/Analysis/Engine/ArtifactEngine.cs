using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Excerpts;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;

namespace Crashdesk.Analysis.Engine;

/// <summary>
/// The analysis of one uploaded artifact as the service runs it, in two steps so the caller can choose the
/// debug information between them: <see cref="Start"/> tells a console log from a dump (a log uploaded as a
/// vmcore is recognised by its content) and opens a dump or a dump excerpt, whose <see cref="Identity"/>
/// names the kernel; <see cref="Finish"/> runs <see cref="LogAnalyzer"/> or <see cref="DumpAnalyzer"/>. One
/// place for what the service's worker runs in its own process and what `crashdesk engine` runs in a child.
/// </summary>
public sealed class ArtifactEngine
{
    private readonly IByteSource _source;
    private readonly AnalysisLimits _limits;
    private readonly KernelTarget? _target;
    private readonly DumpExcerptSource? _excerpt;

    private ArtifactEngine(IByteSource source, AnalysisLimits limits, bool isLog, KernelTarget? target, DumpExcerptSource? excerpt, PhaseTimings? timings)
    {
        _source = source;
        _limits = limits;
        IsLog = isLog;
        _target = target;
        _excerpt = excerpt;
        Timings = timings;
        Identity = target is null ? null : DumpIdentity.FromVmcoreInfo(target.VmcoreInfo);
    }

    /// <summary>True when the artifact is analysed as a text log.</summary>
    public bool IsLog { get; }

    /// <summary>True for a dump excerpt (the log-only pass; it takes no debug information).</summary>
    public bool IsExcerpt => _excerpt is not null;

    /// <summary>True for a whole dump: the one case <see cref="Finish"/> uses debug information.</summary>
    public bool TakesDebugInfo => _target is not null && _excerpt is null;

    /// <summary>What the dump (or excerpt) says of its kernel; null for a log.</summary>
    public DumpIdentity? Identity { get; }

    /// <summary>The dump's phases (null for a log, which is not timed): the caller adds its own (choosing the debug kernel).</summary>
    public PhaseTimings? Timings { get; }

    /// <summary>
    /// True when <paramref name="source"/> is analysed as a text log: the uploader said so, or it holds kernel-log
    /// lines whatever it was uploaded as; other text (meeting notes) still goes to the dump opener, whose error says
    /// what was expected.
    /// </summary>
    public static bool IsTextLog(bool uploadedAsLog, IByteSource source) => uploadedAsLog || LogAnalyzer.LooksLikeKernelLog(source);

    /// <summary>
    /// Tells a log from a dump and opens a dump (timed as "open"). <paramref name="uploadedAsLog"/>: the uploader
    /// said it is a console log. Throws what the engine throws for a file it cannot open.
    /// </summary>
    public static ArtifactEngine Start(IByteSource source, bool uploadedAsLog, AnalysisLimits limits)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        if (IsTextLog(uploadedAsLog, source))
            return new ArtifactEngine(source, limits, isLog: true, null, null, null);
        var timings = new PhaseTimings();
        if (DumpExcerptSource.TryOpen(source) is { } excerpt)
            return new ArtifactEngine(source, limits, isLog: false, timings.Measure("open", () => KernelTarget.Open(excerpt, limits)), excerpt, timings);
        return new ArtifactEngine(source, limits, isLog: false, timings.Measure("open", () => KernelTarget.Open(source, limits)), null, timings);
    }

    /// <summary>
    /// Runs the analysis. <paramref name="debugInfo"/> is used for a whole dump only (null: kallsyms and BTF from
    /// the dump, and then the dump profile they make is built into <see cref="EngineResult.BuiltProfile"/>).
    /// </summary>
    public EngineResult Finish(IKernelDebugInfo? debugInfo, CancellationToken cancellationToken)
    {
        if (IsLog)
            return new EngineResult(LogAnalyzer.Analyze(_source, _limits, cancellationToken), BuildId: null, BuiltProfile: null);
        string? buildId = Identity!.BuildId?.ToLowerInvariant();
        if (_excerpt is { } excerpt)
        {
            var options = new AnalysisOptions { Timings = Timings, Limits = _limits, Extractors = DumpExcerpt.Extractors };
            var report = DumpAnalyzer.Analyze(_target!, options, cancellationToken);
            report = report with { Excerpt = new ExcerptSummary(excerpt.DumpFileName, excerpt.Length, excerpt.BytesPresent, excerpt.RangeCount) };
            return new EngineResult(report, buildId, BuiltProfile: null);
        }
        KernelContext? context = null;
        var dumpOptions = new AnalysisOptions
        {
            DebugInfo = debugInfo,
            Timings = Timings,
            Limits = _limits,
            OnKernelContext = debugInfo is null ? c => context = c : null,
        };
        var dumpReport = DumpAnalyzer.Analyze(_target!, dumpOptions, cancellationToken);
        var built = context is null ? null : DumpProfileBuilder.TryBuild(context, ProfileTypes.All, cancellationToken);
        return new EngineResult(dumpReport, buildId, built);
    }
}

/// <summary>What <see cref="ArtifactEngine.Finish"/> gives.</summary>
/// <param name="Report">The report.</param>
/// <param name="BuildId">The dump's build-id, lower-case (null for a log or a kernel without one).</param>
/// <param name="BuiltProfile">The dump's own kallsyms and BTF as a profile, when the analysis ran without debug information and could build one.</param>
public sealed record EngineResult(AnalysisReport Report, string? BuildId, KernelProfile? BuiltProfile);
