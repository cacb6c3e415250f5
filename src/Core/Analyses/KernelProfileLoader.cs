using Crashdesk.Analysis;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// Loads a library entry's kernel profile from the object store, keeping the last few parsed
/// (the engine's <see cref="Analysis.Caching.BoundedLru{TKey, TValue}"/>, by object key: a key names one
/// build-id, format and type list, and objects are never rewritten with other content): a worker analysing several dumps of one kernel parses its
/// profile once. Singleton; profiles are immutable and their lazy parts thread-safe.
/// </summary>
public sealed class KernelProfileLoader(IBlobStore store, IOptions<AnalysisLimits> limits, ILogger<KernelProfileLoader> logger)
{
    /// <summary>A profile is a few MB on disk and some tens in memory: keep the last few kernels.</summary>
    private readonly Analysis.Caching.BoundedLru<string, KernelProfile> _loaded = new(capacity: 4, StringComparer.Ordinal);

    /// <summary>The profile key names the build-id, the profile format version and the type list's hash (<see cref="KernelProfileCache.FileName"/>).</summary>
    public static string CurrentProfileKey(Guid organizationId, string buildId) =>
        BlobKeys.ForKernelProfile(organizationId, KernelProfileCache.FileName(buildId, ProfileTypes.All));

    /// <summary>True when the entry's profile was built by this version's profile format and type list.</summary>
    public static bool HasCurrentProfile(DebugKernelEntry entry) =>
        entry.BuildId is not null && entry.ProfileKey == CurrentProfileKey(entry.OrganizationId, entry.BuildId);

    public async Task<KernelProfile> LoadAsync(DebugKernelEntry entry, CancellationToken cancellationToken)
    {
        var key = entry.ProfileKey ?? throw new InvalidOperationException($"debug kernel {entry.FileName} is ready without a profile");
        if (_loaded.TryGet(key, out var cached) && string.Equals(cached.Identity.BuildId, entry.BuildId, StringComparison.OrdinalIgnoreCase))
            return cached;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long max = limits.Value.MaxProfileBytes;
        if (entry.ProfileSize is not { } size || size < 0 || size > max)
            throw new StoredObjectCorruptException($"the kernel profile of {entry.FileName} is {entry.ProfileSize} bytes, outside 0..{max}");
        var data = new byte[size];
        await using (var stream = await store.OpenReadAsync(key, cancellationToken))
        {
            await stream.ReadExactlyAsync(data, cancellationToken);
            if (stream.ReadByte() >= 0)
                throw new StoredObjectCorruptException($"the kernel profile of {entry.FileName} is longer than the {data.Length} bytes recorded for it");
        }
        var profile = KernelProfileSerializer.Read(data, entry.FileName);
        if (!string.Equals(profile.Identity.BuildId, entry.BuildId, StringComparison.OrdinalIgnoreCase))
            throw new StoredObjectCorruptException($"the kernel profile of {entry.FileName} holds build-id {profile.Identity.BuildId}, its library entry says {entry.BuildId}");
        _loaded.Set(key, profile);
        logger.LogInformation("Kernel profile {Key} ({Bytes} bytes) loaded in {Ms} ms", key, data.Length, clock.ElapsedMilliseconds);
        return profile;
    }
}
