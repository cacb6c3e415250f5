using Crashdesk.Analysis;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// Keeps, per organisation and build-id, the profile of a dump's own kallsyms and BTF
/// (<see cref="DumpProfileBuilder"/>): the first dump of a kernel build without a debug kernel reads
/// them whole (most of what its analysis reads from the object store), every later dump of that build
/// gets them from here. Stored like a kernel profile (<see cref="KernelProfileSerializer"/>), named by
/// build-id, profile format and type list (<see cref="KernelProfileCache.FileName"/>), so a new format
/// or type list simply keeps a new one. The last few loaded stay parsed. Singleton.
/// </summary>
public sealed class DumpProfileStore(IBlobStore store, IOptions<AnalysisLimits> limits, ILogger<DumpProfileStore> logger)
{
    private readonly Analysis.Caching.BoundedLru<string, KernelProfile> _loaded = new(capacity: 4, StringComparer.Ordinal);

    /// <summary>The object key of the organisation's kept profile of <paramref name="buildId"/>.</summary>
    public static string Key(Guid organizationId, string buildId) =>
        BlobKeys.ForDumpProfile(organizationId, KernelProfileCache.FileName(buildId, ProfileTypes.All));

    /// <summary>The kept profile of <paramref name="buildId"/>, or null when none is kept or it cannot be read (logged: it is only a shortcut).</summary>
    public async Task<KernelProfile?> TryLoadAsync(Guid organizationId, string buildId, CancellationToken cancellationToken)
    {
        string key = Key(organizationId, buildId);
        if (_loaded.TryGet(key, out var cached))
            return cached;
        try
        {
            var profile = KernelProfileSerializer.Read(await ReadBoundedAsync(key, buildId, cancellationToken), $"the kept kernel profile of build {buildId}").AsDumpProfile();
            if (!string.Equals(profile.Identity.BuildId, buildId, StringComparison.OrdinalIgnoreCase))
                throw new StoredObjectCorruptException($"the kept kernel profile of build {buildId} holds build-id {profile.Identity.BuildId}");
            _loaded.Set(key, profile);
            return profile;
        }
        catch (BlobNotFoundException)
        {
            return null; // the first dump of this build in the organisation: nothing kept yet
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Kept dump profile {Key} could not be loaded; the dump's own kallsyms and BTF are read instead", key);
            return null;
        }
    }

    /// <summary>The stored object, read to at most the profile limit (one open: a missing object throws <see cref="BlobNotFoundException"/>).</summary>
    private async Task<byte[]> ReadBoundedAsync(string key, string buildId, CancellationToken cancellationToken)
    {
        long max = limits.Value.MaxProfileBytes;
        using var buffer = new MemoryStream();
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > max)
                throw new StoredObjectCorruptException($"the kept kernel profile of build {buildId} is larger than {max} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>Keeps <paramref name="profile"/> (a dump profile) for the organisation; a failure is logged, never thrown: the analysis it came from is done.</summary>
    public async Task SaveAsync(Guid organizationId, KernelProfile profile, CancellationToken cancellationToken)
    {
        if (!profile.FromDump || profile.Identity.BuildId is not { } buildId)
            throw new ArgumentException("only a dump profile with a build-id is kept here", nameof(profile));
        string key = Key(organizationId, buildId);
        try
        {
            using var bytes = new MemoryStream();
            KernelProfileSerializer.Write(profile, bytes);
            bytes.Position = 0;
            await store.WriteAsync(key, bytes, limits.Value.MaxProfileBytes, cancellationToken);
            _loaded.Set(key, profile);
            logger.LogInformation("Kept the dump profile of build {BuildId} ({Bytes} bytes) as {Key}", buildId, bytes.Length, key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The dump profile of build {BuildId} could not be kept", buildId);
        }
    }
}
