namespace Crashdesk.Core.Storage;

/// <summary>A write went past its size limit; nothing was kept.</summary>
public sealed class BlobTooLargeException(long maxBytes)
    : Exception($"the content is larger than the limit of {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}
