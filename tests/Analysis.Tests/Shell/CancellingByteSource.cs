using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Tests.Shell;

/// <summary>
/// A dump reader that cancels a token at its <paramref name="cancelAt"/>th read once armed — a Ctrl-C
/// arriving between two reads, deterministically — and counts the reads made while armed.
/// </summary>
internal sealed class CancellingByteSource(IByteSource inner, CancellationTokenSource cts, long cancelAt) : IByteSource
{
    /// <summary>Counting (and cancelling) starts when set.</summary>
    public bool Armed { get; set; }

    /// <summary>Reads since armed.</summary>
    public long Reads { get; private set; }

    public string Name => inner.Name;

    public long Length => inner.Length;

    public int Read(long offset, Span<byte> destination)
    {
        if (Armed && ++Reads >= cancelAt)
            cts.Cancel();
        return inner.Read(offset, destination);
    }

    public void Dispose() => inner.Dispose();
}
