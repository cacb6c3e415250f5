using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Formats;

/// <summary>A dump opened by its format reader: physical memory, ELF notes, VMCOREINFO text, facts.</summary>
public sealed record OpenedDump(PhysicalMemory PhysicalMemory, IReadOnlyList<ElfNote> Notes, string? VmcoreInfoText, DumpFileInfo Info);
