namespace Crashdesk.Analysis.Formats.Elf;

/// <summary>
/// One PT_LOAD segment of a vmcore: physical range [PhysicalAddress, +MemorySize), of which the
/// first <see cref="FileSize"/> bytes are in the file at <see cref="FileOffset"/> (already clipped
/// to the file's end when it is truncated); the rest is memory that was not dumped.
/// </summary>
public readonly record struct ElfSegment(ulong PhysicalAddress, ulong VirtualAddress, ulong FileSize, ulong MemorySize, long FileOffset)
{
    /// <summary>End (exclusive) of the physical range.</summary>
    public ulong PhysicalEnd => PhysicalAddress + MemorySize;
}
