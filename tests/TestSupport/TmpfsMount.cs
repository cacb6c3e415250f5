namespace Crashdesk.TestSupport;

/// <summary>
/// A small tmpfs mounted on a fresh directory under /tmp (the tests run as root), for a store whose disk
/// fills up: a real ENOSPC from the kernel, not a simulated one. Disposing unmounts it and removes the directory.
/// </summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string path, long sizeBytes)
    {
        Path = path;
        SizeBytes = sizeBytes;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>The file system's size.</summary>
    public long SizeBytes { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/> on a new directory.</summary>
    public static async Task<TmpfsMount> MountAsync(long sizeBytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crashdesk-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        try
        {
            await SystemCommand.RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0700", "tmpfs", path);
        }
        catch
        {
            Directory.Delete(path);
            throw;
        }
        return new TmpfsMount(path, sizeBytes);
    }

    /// <summary>Bytes still free on the file system (statfs).</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Unmounts (lazily, should a file still be open) and removes the mount point.</summary>
    public async ValueTask DisposeAsync()
    {
        await SystemCommand.RunAsync("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }
}
