namespace Crashdesk.Core.Storage;

/// <summary>
/// An object copied to a local temporary file, deleted on dispose. For readers that need a file
/// (the DWARF reader memory-maps the vmlinux: <c>ElfImage.Open(path)</c>); the copy stops with
/// <see cref="BlobTooLargeException"/> past <c>maxBytes</c>, so a huge object cannot fill the disk.
/// </summary>
public sealed class TemporaryBlobCopy : IDisposable
{
    private TemporaryBlobCopy(string path) => Path = path;

    /// <summary>The local file.</summary>
    public string Path { get; }

    public static async Task<TemporaryBlobCopy> CreateAsync(
        IBlobStore store, string key, string directory, long maxBytes, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"crashdesk-{Guid.NewGuid():N}.tmp");
        var buffer = HashingCopier.RentBuffer(1024 * 1024);
        try
        {
            using var copier = new HashingCopier(maxBytes);
            await using var source = await store.OpenReadAsync(key, cancellationToken);
            // A copy of a customer's file in a shared temp directory: 0600, like the store's own files.
            await using var file = PrivateFiles.CreateNew(path);
            int n;
            while ((n = await copier.FillAsync(source, buffer, cancellationToken)) > 0)
                await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            return new TemporaryBlobCopy(path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            HashingCopier.ReturnBuffer(buffer);
        }
    }

    public void Dispose() => File.Delete(Path);
}
