namespace Crashdesk.Analysis.Memory;

/// <summary>
/// A typed read (<see cref="MemoryReaderExtensions"/>) needed memory the dump does not hold:
/// the "not present" failure kind, raised only by the throwing helpers (the Try* ones return false).
/// </summary>
public sealed class MemoryNotPresentException : Exception
{
    /// <summary>Creates the exception for <paramref name="address"/>.</summary>
    public MemoryNotPresentException(ulong address, int length, string? what)
        : base($"{what ?? "memory"} at 0x{address:x} ({length} bytes) is not in the dump")
    {
        Address = address;
    }

    /// <summary>The first address that was requested.</summary>
    public ulong Address { get; }
}
