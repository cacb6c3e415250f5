namespace Crashdesk.Analysis.Memory;

/// <summary>
/// The engine's one memory primitive, a positional read that returns the bytes read (as ClrMD's
/// IDataReader.Read does), so every layer above it handles "not present" the same way. Physical and kernel-virtual
/// memory implement it as separate objects; typed reads are extension methods
/// (<see cref="MemoryReaderExtensions"/>).
/// </summary>
public interface IMemoryReader
{
    /// <summary>
    /// Copies memory starting at <paramref name="address"/> into <paramref name="destination"/>.
    /// Returns the number of bytes read: fewer than requested when a page that is not in the dump
    /// (excluded, outside every range, unmapped) is reached; 0 when the first byte is not present.
    /// Never guesses: excluded memory is not returned as zeros (see <see cref="PhysicalMemory.ReadZeroFilled"/>).
    /// Thread-safe.
    /// </summary>
    int Read(ulong address, Span<byte> destination);
}
