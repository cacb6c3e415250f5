namespace Crashdesk.Analysis.Formats.Kdump;

/// <summary>struct page_desc (diskdump_mod.h): 24 bytes: off_t offset, u32 size, u32 flags, u64 page_flags.</summary>
internal readonly record struct KdumpPageDescriptor(long Offset, uint Size, uint Flags)
{
    public const int EncodedSize = 24;
}
