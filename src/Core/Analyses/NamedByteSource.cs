using Crashdesk.Analysis.IO;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// A byte source under another name: the engine puts <see cref="IByteSource.Name"/> into its
/// messages, and people must read the file name they uploaded, not our storage key.
/// </summary>
internal sealed class NamedByteSource(IByteSource inner, string name) : IByteSource
{
    public string Name { get; } = name;

    public long Length => inner.Length;

    public int Read(long offset, Span<byte> destination) => inner.Read(offset, destination);

    public void Dispose() => inner.Dispose();
}
