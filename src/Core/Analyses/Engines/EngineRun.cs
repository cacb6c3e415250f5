using Crashdesk.Analysis;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>One analysis for an <see cref="IAnalysisEngine"/>.</summary>
/// <param name="Source">The stored artifact by ranges, under the name it was uploaded as (its counters measure what the engine read).</param>
/// <param name="UploadedAsLog">The uploader said it is a console log.</param>
/// <param name="Limits">The engine's limits.</param>
/// <param name="ResolveDebugInfo">Chooses the debug information for a whole dump once its identity is known (null: none).</param>
internal sealed record EngineRun(
    NamedByteSource Source,
    bool UploadedAsLog,
    AnalysisLimits Limits,
    Func<DumpIdentity, CancellationToken, Task<ResolvedProfile?>> ResolveDebugInfo);

/// <summary>A kernel profile chosen for a dump, and a key naming its content (the child engine's file cache is keyed by it).</summary>
/// <param name="Profile">The profile (a debug kernel's, or a dump profile kept from an earlier dump of the build).</param>
/// <param name="CacheKey">The object key it was loaded from: one key names one build-id, format and type list.</param>
internal sealed record ResolvedProfile(KernelProfile Profile, string CacheKey);
