using Microsoft.Win32.SafeHandles;

namespace Crashdesk.Analysis.IO;

/// <summary>A local file read with positional reads (<see cref="RandomAccess"/>), never loaded whole.</summary>
public sealed class FileByteSource : IByteSource
{
    private readonly SafeFileHandle _handle;

    /// <summary>Opens <paramref name="path"/> for reading; the file is shared with other readers.</summary>
    public FileByteSource(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Name = Path.GetFileName(path);
        Length = RandomAccess.GetLength(_handle);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long Length { get; }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
            return 0;
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();
}
