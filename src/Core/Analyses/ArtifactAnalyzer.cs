using System.Runtime.ExceptionServices;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Core.Analyses.Engines;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// <see cref="IArtifactAnalyzer"/>: the stored artifact by ranges goes to the <see cref="IAnalysisEngine"/> (in this
/// process or a child, <see cref="Analysis.Engine.ArtifactEngine"/> either way): a console log — chosen by the
/// uploader, or a kernel log uploaded as a vmcore, recognised by its content — is analysed as a log; anything else
/// is a dump, analysed with the debug kernel <see cref="DebugKernelResolver"/> chooses — or, without one, with the
/// kallsyms and BTF an earlier dump of the same build left in <see cref="DumpProfileStore"/> (the first dump of a
/// build leaves them there). A read the object store failed ends the analysis with the store's own exception (retried).
/// </summary>
internal sealed class ArtifactAnalyzer(
    IBlobStore store, DebugKernelResolver debugKernels, DumpProfileStore dumpProfiles, IAnalysisEngine engine, IOptions<AnalysisLimits> limitOptions) : IArtifactAnalyzer
{
    public async Task<ArtifactAnalysisResult> AnalyzeAsync(ArtifactAnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var source = new NamedByteSource(await store.OpenByteSourceAsync(request.StorageKey, cancellationToken), request.FileName);
        DebugKernelUsage? usage = null;
        async Task<ResolvedProfile?> ResolveAsync(DumpIdentity dump, CancellationToken ct)
        {
            var (info, chosen) = await debugKernels.ResolveAsync(request.OrganizationId, request.CaseId, dump, ct);
            usage = chosen;
            if (info is KernelProfile library && dump.BuildId is { } libraryBuild)
                return new ResolvedProfile(library, KernelProfileLoader.CurrentProfileKey(request.OrganizationId, libraryBuild));
            if (info is not null || dump.BuildId is not { } buildId)
                return null;
            var kept = await dumpProfiles.TryLoadAsync(request.OrganizationId, buildId, ct);
            // Same build-id, so it matches; checked anyway, as a debug kernel is, never trusted blind.
            return kept is null || KernelMatcher.Check(dump, kept.Identity).Verdict == MatchVerdict.Mismatch
                ? null : new ResolvedProfile(kept, DumpProfileStore.Key(request.OrganizationId, buildId));
        }

        EngineOutcome outcome;
        try
        {
            outcome = await engine.RunAsync(new EngineRun(source, request.Kind == ArtifactKind.ConsoleLog, limitOptions.Value, ResolveAsync), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && source.FirstReadFailure is { } storeFailure && storeFailure != e)
        {
            // What failed is the store, whatever the engine made of it.
            ExceptionDispatchInfo.Throw(storeFailure);
            throw;
        }
        if (source.FirstReadFailure is { } failed)
            ExceptionDispatchInfo.Throw(failed); // a report with a part missing because the store failed is not this dump's report

        if (outcome.BuiltProfile is { } built)
        {
            using (outcome.Timings?.Start("keep dump profile"))
                await dumpProfiles.SaveAsync(request.OrganizationId, built, cancellationToken);
        }
        if (outcome.Timings is { } timings)
            AnalysisMetrics.RecordPhases(timings, outcome.TimingsCreated);
        AnalysisMetrics.RecordRead(source, outcome.IsLog ? "log" : "dump");
        return new ArtifactAnalysisResult(outcome.Report, outcome.IsLog, outcome.BuildId, outcome.IsLog || outcome.IsExcerpt ? null : usage);
    }

    /// <summary>True when <paramref name="source"/> of an artifact of <paramref name="kind"/> is analysed as a text log (the engine's rule).</summary>
    public static bool IsLog(ArtifactKind kind, Analysis.IO.IByteSource source) =>
        Analysis.Engine.ArtifactEngine.IsTextLog(kind == ArtifactKind.ConsoleLog, source);
}
