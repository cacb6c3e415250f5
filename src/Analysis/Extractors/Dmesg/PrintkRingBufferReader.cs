using System.Buffers.Binary;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Reads the 5.10+ lockless printk ring buffer from VMCOREINFO alone (kernel/printk/printk_ringbuffer.h:
/// struct printk_ringbuffer { prb_desc_ring desc_ring; prb_data_ring text_data_ring; ... }), walking
/// descriptor ids from tail_id to head_id and keeping committed/finalized records, as crash 8.0.2's
/// printk.c dump_lockless_record_log() does (and makedumpfile's dump_lockless_dmesg()).
/// </summary>
public static class PrintkRingBufferReader
{
    // state_var: the top two bits are the state, the rest the id (DESC_SV_BITS = 64, DESC_FLAGS_SHIFT = 62).
    private const int FlagsShift = 62;
    private const ulong IdMask = ~(3UL << FlagsShift);
    private const ulong Committed = 1, Finalized = 2;

    /// <summary>Reads every record; throws <see cref="MemoryNotPresentException"/> when the rings are not in the dump.</summary>
    public static KernelLog Read(IMemoryReader memory, VmcoreInfo info, AnalysisLimits limits)
    {
        ulong rb = memory.ReadU64(VmcoreInfoLayout.Symbol(info, "prb"), "prb (struct printk_ringbuffer *)");
        int counter = VmcoreInfoLayout.Offset(info, "atomic_long_t.counter");
        ulong descRing = rb + (ulong)VmcoreInfoLayout.Offset(info, "printk_ringbuffer.desc_ring");
        ulong textRing = rb + (ulong)VmcoreInfoLayout.Offset(info, "printk_ringbuffer.text_data_ring");

        uint countBits = memory.ReadU32(descRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_desc_ring.count_bits"), "prb_desc_ring.count_bits");
        ulong descs = memory.ReadU64(descRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_desc_ring.descs"), "prb_desc_ring.descs");
        ulong infos = memory.ReadU64(descRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_desc_ring.infos"), "prb_desc_ring.infos");
        ulong headId = memory.ReadU64(descRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_desc_ring.head_id") + (ulong)counter, "prb_desc_ring.head_id");
        ulong tailId = memory.ReadU64(descRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_desc_ring.tail_id") + (ulong)counter, "prb_desc_ring.tail_id");
        uint sizeBits = memory.ReadU32(textRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_data_ring.size_bits"), "prb_data_ring.size_bits");
        ulong textData = memory.ReadU64(textRing + (ulong)VmcoreInfoLayout.Offset(info, "prb_data_ring.data"), "prb_data_ring.data");

        if (countBits > 30 || (1L << (int)countBits) > limits.MaxLogRecords)
            throw new DumpFormatException($"prb_desc_ring.count_bits = {countBits} at 0x{descRing:x}: more printk descriptors than the engine walks (a limit of {limits.MaxLogRecords} records)") { Field = "prb_desc_ring.count_bits" };
        if (sizeBits > 30 || (1L << (int)sizeBits) > limits.MaxLogBufferBytes)
            throw new DumpFormatException($"prb_data_ring.size_bits = {sizeBits} at 0x{textRing:x}: a printk text ring larger than the engine reads (a limit of {limits.MaxLogBufferBytes} bytes)") { Field = "prb_data_ring.size_bits" };

        int count = 1 << (int)countBits;
        int descSize = VmcoreInfoLayout.Size(info, "prb_desc");
        int infoSize = VmcoreInfoLayout.Size(info, "printk_info");
        long textSize = 1L << (int)sizeBits;
        byte[] descBytes = ReadArray(memory, descs, (long)count * descSize, "prb descriptor ring");
        byte[] infoBytes = ReadArray(memory, infos, (long)count * infoSize, "prb printk_info ring");
        byte[] text = ReadArray(memory, textData, textSize, "prb text data ring");

        int stateVar = VmcoreInfoLayout.Offset(info, "prb_desc.state_var") + counter;
        int lpos = VmcoreInfoLayout.Offset(info, "prb_desc.text_blk_lpos");
        int lposBegin = lpos + VmcoreInfoLayout.Offset(info, "prb_data_blk_lpos.begin");
        int lposNext = lpos + VmcoreInfoLayout.Offset(info, "prb_data_blk_lpos.next");
        int seqOff = VmcoreInfoLayout.Offset(info, "printk_info.seq");
        int tsOff = VmcoreInfoLayout.Offset(info, "printk_info.ts_nsec");
        int lenOff = VmcoreInfoLayout.Offset(info, "printk_info.text_len");
        if (stateVar + 8 > descSize || lposBegin + 8 > descSize || lposNext + 8 > descSize || Math.Max(seqOff, tsOff) + 8 > infoSize || lenOff + 2 > infoSize)
            throw new DumpFormatException("VMCOREINFO prb_desc/printk_info offsets lie outside their SIZE()");

        var records = new List<KernelLogRecord>(Math.Min(count, 8192));
        // tail_id..head_id inclusive; bounded by the ring size so a corrupt head cannot loop us.
        ulong id = tailId & IdMask;
        for (int steps = 0; steps <= count; steps++)
        {
            var record = ReadRecord(id, count, descBytes.AsSpan(), descSize, infoBytes.AsSpan(), infoSize, text, stateVar, lposBegin, lposNext, seqOff, tsOff, lenOff);
            if (record is not null)
                records.Add(record);
            if (id == (headId & IdMask))
                break;
            id = (id + 1) & IdMask;
        }
        return new KernelLog(KernelLogLayout.LocklessRingBuffer, records);
    }

    private static KernelLogRecord? ReadRecord(ulong id, int count, ReadOnlySpan<byte> descs, int descSize, ReadOnlySpan<byte> infos, int infoSize,
        byte[] text, int stateVar, int lposBegin, int lposNext, int seqOff, int tsOff, int lenOff)
    {
        int slot = (int)(id % (ulong)count);
        var desc = descs.Slice(slot * descSize, descSize);
        ulong sv = BinaryPrimitives.ReadUInt64LittleEndian(desc[stateVar..]);
        ulong state = sv >> FlagsShift;
        // desc_miss (id mismatch), reserved and reusable descriptors are skipped (get_desc_state()).
        if ((sv & IdMask) != id || (state != Committed && state != Finalized))
            return null;
        var inf = infos.Slice(slot * infoSize, infoSize);
        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(inf[seqOff..]);
        ulong size = (ulong)text.Length;
        ulong begin = BinaryPrimitives.ReadUInt64LittleEndian(desc[lposBegin..]) % size;
        ulong next = BinaryPrimitives.ReadUInt64LittleEndian(desc[lposNext..]) % size;
        if (begin == next)
            return new KernelLogRecord(null, "", seq); // data-less block: crash prints an empty line
        ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(inf[tsOff..]);
        ulong textLen = BinaryPrimitives.ReadUInt16LittleEndian(inf[lenOff..]);
        // A block that wraps stores its data at the start of the ring (data_alloc()); skip the id word.
        if (begin > next)
            begin = 0;
        begin += 8;
        if (next >= begin && next - begin < textLen)
            textLen = next - begin; // truncated message
        if (begin >= size)
            textLen = 0;
        textLen = Math.Min(textLen, size - Math.Min(begin, size));
        return new KernelLogRecord(ts, CrashText.Sanitise(text.AsSpan((int)Math.Min(begin, size), (int)textLen)), seq);
    }

    private static byte[] ReadArray(IMemoryReader memory, ulong address, long length, string what)
    {
        byte[] buffer = new byte[length];
        memory.ReadExactly(address, buffer, what);
        return buffer;
    }
}
