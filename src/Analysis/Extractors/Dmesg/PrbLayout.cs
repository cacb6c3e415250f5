using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// The offsets the lockless ring buffer reader uses, from VMCOREINFO (kernel/printk/printk.c
/// log_buf_vmcoreinfo_setup()), each checked against the structs of kernel/printk/printk_ringbuffer.h
/// (5.10+): struct printk_ringbuffer { prb_desc_ring desc_ring; prb_data_ring text_data_ring;
/// atomic_long_t fail; }, prb_desc_ring { unsigned int count_bits; prb_desc *descs; printk_info *infos;
/// atomic_long_t head_id, tail_id; }, prb_data_ring { unsigned int size_bits; char *data; … },
/// prb_desc { atomic_long_t state_var; prb_data_blk_lpos text_blk_lpos; }, prb_data_blk_lpos
/// { unsigned long begin, next; }, printk_info { u64 seq, ts_nsec; u16 text_len; u8 facility, flags:5,
/// level:3; u32 caller_id; struct dev_printk_info dev_info; }. A value no such struct can have is
/// refused with its VMCOREINFO line, instead of reading the wrong bytes of every record.
/// </summary>
internal sealed record PrbLayout
{
    // include/linux/dev_printk.h: struct dev_printk_info { char subsystem[16]; char device[48]; }.
    private const int DevPrintkInfoSize = 16 + 48;

    // Generous upper bounds for structs whose SIZE() a kernel may not export (x86_64, 5.10–6.x
    // sizes are 48, 32 and 88): a member offset beyond them cannot be right either.
    private const int MaxRingStructSize = 256, MaxRingBufferSize = 512;

    public int Counter { get; private init; }
    public int DescRing { get; private init; }
    public int TextRing { get; private init; }
    public int CountBits { get; private init; }
    public int Descs { get; private init; }
    public int Infos { get; private init; }
    public int HeadId { get; private init; }
    public int TailId { get; private init; }
    public int SizeBits { get; private init; }
    public int Data { get; private init; }
    public int DescSize { get; private init; }
    public int StateVar { get; private init; }
    public int LposBegin { get; private init; }
    public int LposNext { get; private init; }
    public int InfoSize { get; private init; }
    public int Seq { get; private init; }
    public int TsNsec { get; private init; }
    public int TextLen { get; private init; }

    /// <summary>
    /// The byte holding <c>flags:5, level:3</c> (level in the top three bits), or null. VMCOREINFO
    /// does not export it: printk_info is { u64 seq, ts_nsec; u16 text_len; u8 facility; u8 flags:5,
    /// level:3; u32 caller_id; … } (kernel/printk/printk_ringbuffer.h), so it is the byte after
    /// facility, trusted only where caller_id sits right after it as in that declaration.
    /// </summary>
    public int? LevelByte { get; private init; }

    /// <summary>Reads and checks the layout; throws <see cref="DumpFormatException"/> naming the impossible line.</summary>
    public static PrbLayout From(VmcoreInfo info)
    {
        // atomic_long_t is { long counter; }: 8 bytes on x86_64.
        int atomicSize = info.Size("atomic_long_t") is null ? 8 : VmcoreInfoLayout.Size(info, "atomic_long_t", 8, 8);
        int counter = VmcoreInfoLayout.Member(info, "atomic_long_t", "counter", 8, 8);

        int descRingSize = info.Size("prb_desc_ring") is null ? MaxRingStructSize : VmcoreInfoLayout.Size(info, "prb_desc_ring", 40, MaxRingStructSize);
        int dataRingSize = info.Size("prb_data_ring") is null ? MaxRingStructSize : VmcoreInfoLayout.Size(info, "prb_data_ring", 16, MaxRingStructSize);
        if (info.Size("printk_ringbuffer") is not null)
            VmcoreInfoLayout.Size(info, "printk_ringbuffer", 64, MaxRingBufferSize);

        int lposSize = info.Size("prb_data_blk_lpos") is null ? 16 : VmcoreInfoLayout.Size(info, "prb_data_blk_lpos", 16, 16);
        int descSize = VmcoreInfoLayout.Size(info, "prb_desc", 24, 64);
        int stateVar = VmcoreInfoLayout.Member(info, "prb_desc", "state_var", atomicSize, 64);
        int lpos = VmcoreInfoLayout.Member(info, "prb_desc", "text_blk_lpos", lposSize, 64);
        VmcoreInfoLayout.SizeEndsAtLastMember(info, "prb_desc", descSize,
            lpos > stateVar ? "text_blk_lpos" : "state_var", Math.Max(lpos + lposSize, stateVar + atomicSize), 8);

        int infoSize = VmcoreInfoLayout.Size(info, "printk_info", 24, 256);
        int seq = VmcoreInfoLayout.Member(info, "printk_info", "seq", 8, 256);
        int ts = VmcoreInfoLayout.Member(info, "printk_info", "ts_nsec", 8, 256);
        int textLen = VmcoreInfoLayout.Member(info, "printk_info", "text_len", 2, 256);
        var (lastMember, lastEnd) = new[] { ("seq", seq + 8), ("ts_nsec", ts + 8), ("text_len", textLen + 2) }.MaxBy(m => m.Item2);
        if (info.Offset("printk_info.caller_id") is not null)
        {
            int caller = VmcoreInfoLayout.Member(info, "printk_info", "caller_id", 4, 256);
            if (caller + 4 > lastEnd)
                (lastMember, lastEnd) = ("caller_id", caller + 4);
        }
        if (info.Offset("printk_info.dev_info") is not null)
        {
            int devSize = info.Size("dev_printk_info") is null ? DevPrintkInfoSize : VmcoreInfoLayout.Size(info, "dev_printk_info", DevPrintkInfoSize, DevPrintkInfoSize);
            int dev = VmcoreInfoLayout.Member(info, "printk_info", "dev_info", devSize, 256);
            if (dev + devSize > lastEnd)
                (lastMember, lastEnd) = ("dev_info", dev + devSize);
        }
        VmcoreInfoLayout.SizeEndsAtLastMember(info, "printk_info", infoSize, lastMember, lastEnd, 8);
        int? levelByte = info.Offset("printk_info.caller_id") is { } callerAt && callerAt == textLen + 4 ? textLen + 3 : null;

        return new PrbLayout
        {
            Counter = counter,
            DescRing = VmcoreInfoLayout.Member(info, "printk_ringbuffer", "desc_ring", descRingSize == MaxRingStructSize ? 40 : descRingSize, MaxRingBufferSize),
            TextRing = VmcoreInfoLayout.Member(info, "printk_ringbuffer", "text_data_ring", dataRingSize == MaxRingStructSize ? 16 : dataRingSize, MaxRingBufferSize),
            CountBits = VmcoreInfoLayout.Member(info, "prb_desc_ring", "count_bits", 4, descRingSize),
            Descs = VmcoreInfoLayout.Member(info, "prb_desc_ring", "descs", 8, descRingSize),
            Infos = VmcoreInfoLayout.Member(info, "prb_desc_ring", "infos", 8, descRingSize),
            HeadId = VmcoreInfoLayout.Member(info, "prb_desc_ring", "head_id", atomicSize, descRingSize),
            TailId = VmcoreInfoLayout.Member(info, "prb_desc_ring", "tail_id", atomicSize, descRingSize),
            SizeBits = VmcoreInfoLayout.Member(info, "prb_data_ring", "size_bits", 4, dataRingSize),
            Data = VmcoreInfoLayout.Member(info, "prb_data_ring", "data", 8, dataRingSize),
            DescSize = descSize,
            StateVar = stateVar + counter,
            LposBegin = lpos + VmcoreInfoLayout.Member(info, "prb_data_blk_lpos", "begin", 8, lposSize),
            LposNext = lpos + VmcoreInfoLayout.Member(info, "prb_data_blk_lpos", "next", 8, lposSize),
            InfoSize = infoSize,
            Seq = seq,
            TsNsec = ts,
            TextLen = textLen,
            LevelByte = levelByte,
        };
    }
}
