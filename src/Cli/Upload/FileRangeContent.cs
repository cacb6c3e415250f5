using System.Net;

namespace Crashdesk.Cli.Upload;

/// <summary>A PATCH body: a range of the file read by position (the file is shared by retries), reporting bytes handed to the socket.</summary>
internal sealed class FileRangeContent(FileStream file, long offset, int count, Action<long>? sent) : HttpContent
{
    private const int BufferBytes = 256 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(BufferBytes, Math.Max(count, 1))];
        long position = offset;
        long end = offset + count;
        while (position < end)
        {
            int n = await RandomAccess.ReadAsync(file.SafeFileHandle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - position)), position, cancellationToken);
            if (n == 0)
                throw new IOException($"{file.Name} ended at {position}, before {end}: did it change while uploading?");
            await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            position += n;
            sent?.Invoke(n);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = count;
        return true;
    }
}
