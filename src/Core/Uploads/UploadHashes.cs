using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Crashdesk.Core.Uploads;

/// <summary>
/// The SHA-256 of each session's bytes so far, computed as they arrive in order and kept in this process
/// between requests (a hash's midstate cannot be exported from .NET's SHA-256, so it cannot go into the row).
/// Valid only at the offset it was left at: after a restart, or a request another server answered, the hash
/// is unknown and completion reads the finished object once to compute it.
/// </summary>
internal sealed class UploadHashes
{
    private readonly ConcurrentDictionary<Guid, (long Offset, IncrementalHash Hash)> _hashes = new();

    /// <summary>The hash of the first <paramref name="offset"/> bytes, taken out (the caller puts it back), or null when unknown.</summary>
    public IncrementalHash? Take(Guid sessionId, long offset)
    {
        if (_hashes.TryRemove(sessionId, out var entry))
        {
            if (entry.Offset == offset)
                return entry.Hash;
            entry.Hash.Dispose();
        }
        return offset == 0 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public void Put(Guid sessionId, long offset, IncrementalHash hash)
    {
        if (!_hashes.TryAdd(sessionId, (offset, hash)))
            hash.Dispose();
    }

    public void Forget(Guid sessionId)
    {
        if (_hashes.TryRemove(sessionId, out var entry))
            entry.Hash.Dispose();
    }
}
