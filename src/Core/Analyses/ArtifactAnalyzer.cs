using Crashdesk.Analysis;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Excerpts;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// <see cref="IArtifactAnalyzer"/>: a console log — chosen by the uploader, or a kernel log uploaded
/// as a vmcore, recognised by its content — goes to <see cref="LogAnalyzer"/>; anything else is a
/// dump, analysed with the debug kernel <see cref="DebugKernelResolver"/> chooses — or, without one, with
/// the kallsyms and BTF an earlier dump of the same build left in <see cref="DumpProfileStore"/> (the
/// first dump of a build leaves them there). Both give the same <see cref="AnalysisReport"/> contract.
/// </summary>
internal sealed class ArtifactAnalyzer(IBlobStore store, DebugKernelResolver debugKernels, DumpProfileStore dumpProfiles, IOptions<AnalysisLimits> limitOptions) : IArtifactAnalyzer
{
    public async Task<ArtifactAnalysisResult> AnalyzeAsync(ArtifactAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = limitOptions.Value;
        using var source = new NamedByteSource(await store.OpenByteSourceAsync(request.StorageKey, cancellationToken), request.FileName);
        if (IsLog(request.Kind, source))
        {
            // CPU-bound text processing: off the caller's thread, as the dump engine runs.
            var log = await Task.Run(() => LogAnalyzer.Analyze(source, limits, cancellationToken), cancellationToken);
            AnalysisMetrics.RecordRead(source, "log");
            return new ArtifactAnalysisResult(log, IsLog: true, BuildId: null, DebugKernel: null);
        }

        // The engine is synchronous and CPU-bound (opening indexes the dump): off the caller's thread.
        var timingsCreated = DateTimeOffset.UtcNow;
        var timings = new PhaseTimings();
        if (DumpExcerptSource.TryOpen(source) is { } excerpt)
            return await AnalyzeExcerptAsync(excerpt, source, timings, timingsCreated, limits, cancellationToken);
        var target = await Task.Run(() => timings.Measure("open", () => KernelTarget.Open(source, limits)), cancellationToken);
        var dumpIdentity = DumpIdentity.FromVmcoreInfo(target.VmcoreInfo);
        var resolving = timings.Start("debug kernel");
        var (info, usage) = await debugKernels.ResolveAsync(request.OrganizationId, request.CaseId, dumpIdentity, cancellationToken);
        resolving.Dispose();
        KernelProfile? kept = null;
        if (info is null && dumpIdentity.BuildId is { } buildId)
        {
            using (timings.Start("kept dump profile"))
                kept = await dumpProfiles.TryLoadAsync(request.OrganizationId, buildId, cancellationToken);
            // Same build-id, so it matches; checked anyway, as a debug kernel is, never trusted blind.
            if (kept is not null && KernelMatcher.Check(dumpIdentity, kept.Identity).Verdict == MatchVerdict.Mismatch)
                kept = null;
        }
        KernelContext? context = null;
        var options = new AnalysisOptions
        {
            DebugInfo = info ?? kept,
            Timings = timings,
            Limits = limits,
            OnKernelContext = info is null && kept is null ? c => context = c : null,
        };
        var report = await Task.Run(() => DumpAnalyzer.Analyze(target, options, cancellationToken), cancellationToken);
        if (context is not null && await Task.Run(() => DumpProfileBuilder.TryBuild(context, ProfileTypes.All, cancellationToken), cancellationToken) is { } built)
        {
            using (timings.Start("keep dump profile"))
                await dumpProfiles.SaveAsync(request.OrganizationId, built, cancellationToken);
        }
        AnalysisMetrics.RecordPhases(timings, timingsCreated);
        AnalysisMetrics.RecordRead(source, "dump");
        return new ArtifactAnalysisResult(report, IsLog: false, dumpIdentity.BuildId?.ToLowerInvariant(), usage);
    }

    /// <summary>
    /// A dump excerpt sent ahead of its dump: the log-only pass it holds the bytes for, no debug kernel (it
    /// needs none, and asking debuginfod for one is the whole dump's business). The report says it is an excerpt.
    /// </summary>
    private static async Task<ArtifactAnalysisResult> AnalyzeExcerptAsync(
        DumpExcerptSource excerpt, NamedByteSource stored, PhaseTimings timings, DateTimeOffset timingsCreated, AnalysisLimits limits, CancellationToken cancellationToken)
    {
        var target = await Task.Run(() => timings.Measure("open", () => KernelTarget.Open(excerpt, limits)), cancellationToken);
        var options = new AnalysisOptions { Timings = timings, Limits = limits, Extractors = DumpExcerpt.Extractors };
        var report = await Task.Run(() => DumpAnalyzer.Analyze(target, options, cancellationToken), cancellationToken);
        report = report with { Excerpt = new ExcerptSummary(excerpt.DumpFileName, excerpt.Length, excerpt.BytesPresent, excerpt.RangeCount) };
        AnalysisMetrics.RecordPhases(timings, timingsCreated);
        AnalysisMetrics.RecordRead(stored, "dump");
        return new ArtifactAnalysisResult(report, IsLog: false, DumpIdentity.FromVmcoreInfo(target.VmcoreInfo).BuildId?.ToLowerInvariant(), DebugKernel: null);
    }

    /// <summary>True when <paramref name="source"/> of an artifact of <paramref name="kind"/> is analysed as a text log.</summary>
    public static bool IsLog(ArtifactKind kind, IByteSource source) =>
        kind == ArtifactKind.ConsoleLog
        // A text file holding kernel-log lines is a log whatever it was uploaded as; other text
        // (meeting notes) still goes to the dump opener, whose error says what was expected.
        || kind == ArtifactKind.Vmcore && LogAnalyzer.LooksLikeKernelLog(source);
}
