using Crashdesk.Analysis.Reports;
using Microsoft.Extensions.Caching.Memory;

namespace Crashdesk.Core.Services;

/// <summary>
/// Parsed reports by report row id, for a few minutes: a case page reads its report twice when it
/// opens (prerendered, then interactive) and a large one (a 200 000-line log is 12 MB of JSON) takes
/// a quarter of a second to fetch and parse. A report version never changes, so an entry is never
/// stale; the cache is bounded by the JSON's size (<see cref="MaxCachedChars"/> in all).
/// Callers check the organisation before asking it for a row.
/// </summary>
public sealed class ReportCache : IDisposable
{
    public const long MaxCachedChars = 64L * 1024 * 1024;

    private static readonly TimeSpan _keep = TimeSpan.FromMinutes(2);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedChars });

    public bool TryGet(Guid reportId, out AnalysisReport report) => _cache.TryGetValue(reportId, out report!);

    public void Add(Guid reportId, AnalysisReport report, int jsonLength)
    {
        if (jsonLength <= MaxCachedChars / 4)
            _cache.Set(reportId, report, new MemoryCacheEntryOptions { Size = Math.Max(1, jsonLength), SlidingExpiration = _keep });
    }

    public void Dispose() => _cache.Dispose();
}
