namespace Crashdesk.Analysis.Memory;

/// <summary>What a dump says about one physical page frame.</summary>
public enum PageState
{
    /// <summary>No memory there (a hole in the physical address space, or beyond max_mapnr).</summary>
    Absent,

    /// <summary>
    /// The page existed but is not in the file: excluded by the dump level (kdump bitmaps), the
    /// p_filesz..p_memsz tail of an ELF segment, or lost to truncation / an incomplete dump.
    /// </summary>
    Excluded,

    /// <summary>The page's contents are in the dump.</summary>
    Present,
}
