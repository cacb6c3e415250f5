using System.Security.Cryptography;
using Crashdesk.Core.Storage.Encryption;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>
/// Resumable uploads of the local store: one sparse file per upload in {root}/staging (same file system
/// as the objects, so completion is a rename), already sized to the finished object. With a keyring it is laid
/// out as the sealed object (<see cref="SealedStagedAppend"/>): its data key is made at creation and kept
/// only wrapped in the file's own envelope header, as every sealed object keeps it; completion moves the
/// file as it is.
/// </summary>
internal sealed class LocalUploadStaging(string root, Func<string, string> objectPath, EnvelopeKeyring? keys, int chunkBytes) : IUploadStaging
{
    private readonly string _directory = Path.Combine(root, "staging");

    public string PathOf(string key)
    {
        BlobKeys.Validate(key);
        return Path.Combine(_directory, key.Replace('/', '-') + ".upload");
    }

    private static string TailOf(string path) => path + ".tail";

    public Task<string?> BeginAsync(string key, long length, CancellationToken cancellationToken = default)
    {
        PrivateFiles.CreateDirectory(_directory);
        var path = PathOf(key);
        using var file = PrivateFiles.CreateNew(path);
        if (keys is null)
        {
            file.SetLength(length);
            return Task.FromResult<string?>(null);
        }
        var header = EnvelopeHeader.Create(chunkBytes);
        RandomNumberGenerator.Fill(header.NoncePrefix);
        var dataKey = RandomNumberGenerator.GetBytes(EnvelopeHeader.KeyBytes);
        try
        {
            keys.Wrap(dataKey, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
        file.Write(header.Bytes);
        long chunks = Math.Max(1, (length + chunkBytes - 1) / chunkBytes);
        file.SetLength(EnvelopeHeader.Size + length + chunks * EnvelopeHeader.TagBytes);
        file.Flush(flushToDisk: true);
        return Task.FromResult<string?>(null);
    }

    public Task<IStagedAppend> AppendAsync(string key, string? state, long length, long offset, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            throw new StagingLostException($"{key}: the staging file is missing");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
        try
        {
            if (keys is null)
                return Task.FromResult<IStagedAppend>(new PlainStagedAppend(handle, offset));
            var headerBytes = new byte[EnvelopeHeader.Size];
            RandomAccess.Read(handle, headerBytes, 0);
            var header = EnvelopeHeader.Parse(headerBytes, key);
            var dataKey = keys.Unwrap(header, key);
            try
            {
                return Task.FromResult<IStagedAppend>(new SealedStagedAppend(handle, header, dataKey, TailOf(path), length, offset, key));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public Task CompleteAsync(string key, string? state, long length, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var destination = objectPath(key);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(path, destination, overwrite: false);
        File.Delete(TailOf(path));
        return Task.CompletedTask;
    }

    public Task AbortAsync(string key, string? state, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        File.Delete(path);
        File.Delete(TailOf(path));
        File.Delete(TailOf(path) + ".new");
        return Task.CompletedTask;
    }
}
