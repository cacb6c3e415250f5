using System.Runtime.CompilerServices;
using Crashdesk.Analysis.IO;
using Crashdesk.Core.Storage.Encryption;
using Crashdesk.Core.Storage.Staging;

namespace Crashdesk.Core.Storage;

/// <summary>
/// Objects as files under a root directory. Writes go to a temp file in the same directory and are
/// renamed into place once complete, so a reader never sees a partial object. Files are 0600 and
/// directories 0700 (<see cref="PrivateFiles"/>), the root included: only the service's user reads dumps.
/// With a keyring every new object is sealed (<see cref="EnvelopeWriter"/>: AES-256-GCM in chunks, a
/// data key per object wrapped by a master key) and read back by positional reads that decrypt only
/// the chunks they touch; files written before encryption was configured are still read as they are.
/// </summary>
public sealed class LocalBlobStore : IBlobStore, IHasUploadStaging
{
    private const string TempSuffix = ".partial";
    private readonly string _root;
    private readonly EnvelopeKeyring? _keys;
    private readonly int _chunkBytes;
    private readonly LocalUploadStaging _staging;

    public LocalBlobStore(string root, EnvelopeKeyring? keys = null, int chunkBytes = 64 * 1024)
    {
        _keys = keys;
        _chunkBytes = chunkBytes;
        _root = Path.GetFullPath(root);
        PrivateFiles.CreateDirectory(_root);
        // A root made before modes were set (0755) would let anyone walk to the 0644 files inside it.
        PrivateFiles.Restrict(_root);
        _staging = new LocalUploadStaging(_root, PathOf, keys, chunkBytes);
    }

    /// <summary>Where a resumable upload of <paramref name="key"/> is staged (tests look at it).</summary>
    public string StagingPathOf(string key) => _staging.PathOf(key);

    /// <summary>Resumable uploads: a sparse file in the store's staging area, sealed chunk by chunk when encrypting.</summary>
    public IUploadStaging UploadStaging => _staging;

    public string Root => _root;

    /// <summary>Whether new objects are sealed (a keyring is configured).</summary>
    public bool IsSealing => _keys is not null;

    public async Task<BlobWriteResult> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        var buffer = HashingCopier.RentBuffer(128 * 1024);
        try
        {
            using var copier = new HashingCopier(maxBytes);
            await using (var file = PrivateFiles.CreateNew(temp))
            {
                if (_keys is not null)
                {
                    await EnvelopeWriter.WriteAsync(content, file, copier, _keys, _chunkBytes, cancellationToken);
                    await file.FlushAsync(cancellationToken);
                    File.Move(temp, path, overwrite: true);
                    return copier.Result();
                }
                int n;
                while ((n = await copier.FillAsync(content, buffer, cancellationToken)) > 0)
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                await file.FlushAsync(cancellationToken);
            }
            File.Move(temp, path, overwrite: true);
            return copier.Result();
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            HashingCopier.ReturnBuffer(buffer);
        }
    }

    public Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = ExistingPath(key);
        return Task.FromResult(OpenSource(path, key));
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => OpenReadAsync(key, 0, cancellationToken);

    /// <summary>A sealed object decrypts from the chunk holding <paramref name="offset"/>; a plain one is a file seek.</summary>
    public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken = default)
    {
        var path = ExistingPath(key);
        Stream stream = IsSealed(path)
            ? new ByteSourceStream(OpenSource(path, key))
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        stream.Position = offset;
        return Task.FromResult(stream);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (!Directory.Exists(_root))
            yield break;
        // Temp files are listed too (with their suffix): a test asserting "nothing left" must see them.
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
                yield return key;
        }
    }

    /// <summary>
    /// Rotation: every sealed object whose data key is wrapped by another key than the active one is
    /// rewrapped with the active key (<see cref="EnvelopeRewrap"/>); the data is neither read nor
    /// rewritten. Returns how many were rewrapped. Afterwards the old key can be removed.
    /// </summary>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken = default)
    {
        var keys = _keys ?? throw new InvalidOperationException("Storage:Encryption:Keys is empty: there is no key to rewrap with");
        int count = 0;
        await foreach (var key in ListKeysAsync("", cancellationToken))
        {
            if (!key.EndsWith(TempSuffix, StringComparison.Ordinal) && EnvelopeRewrap.Rewrap(PathOf(key), key, keys))
                count++;
        }
        return count;
    }

    private IByteSource OpenSource(string path, string key)
    {
        if (!IsSealed(path))
            return new FileByteSource(path);
        return _keys is null
            ? throw new InvalidOperationException($"{key} is sealed, but Storage:Encryption:Keys is empty: configure the key it was sealed with")
            : new EnvelopeByteSource(path, key, _keys);
    }

    private static bool IsSealed(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> start = stackalloc byte[8];
        return RandomAccess.Read(handle, start, 0) == start.Length && EnvelopeHeader.IsSealed(start);
    }

    private string ExistingPath(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? path : throw new BlobNotFoundException(key);
    }

    private string PathOf(string key)
    {
        BlobKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
