namespace Crashdesk.Analysis.Translation;

/// <summary>Translates kernel-virtual addresses to physical ones (one architecture, one kernel).</summary>
public interface IAddressTranslator
{
    /// <summary>
    /// Translates <paramref name="virtualAddress"/>; false when it is not mapped (or a page table
    /// needed for the walk is not in the dump). <paramref name="pageSize"/> is the size of the
    /// mapping found (4 KiB, 2 MiB, 1 GiB, or the size of a linear region).
    /// </summary>
    bool TryTranslate(ulong virtualAddress, out ulong physicalAddress, out ulong pageSize);
}
