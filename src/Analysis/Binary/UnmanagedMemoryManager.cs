using System.Buffers;

namespace Crashdesk.Analysis.Binary;

/// <summary>
/// Exposes a range of a memory-mapped file as <see cref="Memory{T}"/> so section readers can slice it
/// without copying. The owner (<see cref="ElfImage"/>) keeps the mapping alive.
/// </summary>
internal sealed unsafe class UnmanagedMemoryManager : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;

    public UnmanagedMemoryManager(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}
