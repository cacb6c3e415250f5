using System.Buffers.Binary;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Reads the 5.10+ lockless printk ring buffer from VMCOREINFO alone (kernel/printk/printk_ringbuffer.h:
/// struct printk_ringbuffer { prb_desc_ring desc_ring; prb_data_ring text_data_ring; ... }), walking
/// descriptor ids from tail_id to head_id and keeping committed/finalized records, as crash 8.0.2's
/// printk.c dump_lockless_record_log() does (and makedumpfile's dump_lockless_dmesg()).
/// The three rings are read page by page: a record whose descriptor, printk_info or text is not in
/// the dump is left out and named in <see cref="KernelLog.Missing"/>, every other record is returned.
/// </summary>
public static class PrintkRingBufferReader
{
    // state_var: the top two bits are the state, the rest the id (DESC_SV_BITS = 64, DESC_FLAGS_SHIFT = 62).
    private const int FlagsShift = 62;
    private const ulong IdMask = ~(3UL << FlagsShift);
    private const ulong Committed = 1, Finalized = 2;

    /// <summary>
    /// Reads every record the dump holds. Throws <see cref="MemoryNotPresentException"/> when the
    /// ring buffer's header is not in the dump or not one record could be read, and
    /// <see cref="DumpFormatException"/> for a VMCOREINFO layout or ring size no kernel can have.
    /// </summary>
    public static KernelLog Read(IMemoryReader memory, VmcoreInfo info, AnalysisLimits limits)
    {
        var l = PrbLayout.From(info);
        ulong rb = memory.ReadU64(VmcoreInfoLayout.Symbol(info, "prb"), "prb (struct printk_ringbuffer *)");
        ulong descRing = rb + (ulong)l.DescRing;
        ulong textRing = rb + (ulong)l.TextRing;

        uint countBits = memory.ReadU32(descRing + (ulong)l.CountBits, "prb_desc_ring.count_bits");
        ulong descs = memory.ReadU64(descRing + (ulong)l.Descs, "prb_desc_ring.descs");
        ulong infos = memory.ReadU64(descRing + (ulong)l.Infos, "prb_desc_ring.infos");
        ulong headId = memory.ReadU64(descRing + (ulong)(l.HeadId + l.Counter), "prb_desc_ring.head_id") & IdMask;
        ulong tailId = memory.ReadU64(descRing + (ulong)(l.TailId + l.Counter), "prb_desc_ring.tail_id") & IdMask;
        uint sizeBits = memory.ReadU32(textRing + (ulong)l.SizeBits, "prb_data_ring.size_bits");
        ulong textData = memory.ReadU64(textRing + (ulong)l.Data, "prb_data_ring.data");

        if (countBits > 30 || (1L << (int)countBits) > limits.MaxLogRecords)
            throw new DumpFormatException($"prb_desc_ring.count_bits = {countBits} at 0x{descRing:x}: more printk descriptors than the engine walks (a limit of {limits.MaxLogRecords} records)") { Field = "prb_desc_ring.count_bits" };
        if (sizeBits > 30 || (1L << (int)sizeBits) > limits.MaxLogBufferBytes)
            throw new DumpFormatException($"prb_data_ring.size_bits = {sizeBits} at 0x{textRing:x}: a printk text ring larger than the engine reads (a limit of {limits.MaxLogBufferBytes} bytes)") { Field = "prb_data_ring.size_bits" };

        int count = 1 << (int)countBits;
        var warnings = new List<string>();
        // A ring holds at most count descriptors (desc_reserve() pushes the tail before reusing a
        // slot): ids further apart are a corrupt head or tail; read the newest count.
        ulong span = (headId - tailId) & IdMask;
        if (span >= (ulong)count)
        {
            warnings.Add($"prb_desc_ring: head_id 0x{headId:x} and tail_id 0x{tailId:x} are {span + 1} descriptors apart, more than the ring's {count}: only the {count} descriptors up to head_id were read");
            span = (ulong)count - 1;
            tailId = (headId - span) & IdMask;
        }

        var ring = new Rings(
            PresentBytes.Read(memory, descs, (long)count * l.DescSize, "prb descriptor ring"),
            PresentBytes.Read(memory, infos, (long)count * l.InfoSize, "prb printk_info ring"),
            PresentBytes.Read(memory, textData, 1L << (int)sizeBits, "prb text data ring"),
            l, count);
        var walk = new RingWalk(ring, (long)span + 1);
        for (long position = 1; position <= (long)span + 1; position++)
            walk.Visit(position, (tailId + (ulong)(position - 1)) & IdMask);

        if (walk.Records.Count == 0 && walk.Gaps.Count > 0)
            throw FirstMissing(ring);
        return new KernelLog(KernelLogLayout.LocklessRingBuffer, walk.Records)
        {
            Missing = walk.Gaps.Messages(),
            Warnings = [.. warnings, .. walk.Warnings()],
        };
    }

    private static MemoryNotPresentException FirstMissing(Rings ring)
    {
        foreach (var (bytes, what) in new[] { (ring.Descs, "prb descriptor ring"), (ring.Infos, "prb printk_info ring"), (ring.Text, "prb text data ring") })
            if (!bytes.IsComplete)
                return new MemoryNotPresentException(bytes.Address + (ulong)bytes.Missing[0].Start, (int)(bytes.Missing[0].End - bytes.Missing[0].Start), what);
        return new MemoryNotPresentException(ring.Descs.Address, ring.Descs.Bytes.Length, "prb descriptor ring");
    }

    /// <summary>The three rings as read, and the layout of their elements.</summary>
    private sealed record Rings(PresentBytes Descs, PresentBytes Infos, PresentBytes Text, PrbLayout Layout, int Count);

    /// <summary>Walks descriptor ids in order, keeping the records, the gaps and what does not add up.</summary>
    private sealed class RingWalk(Rings ring, long total)
    {
        private long _unfinishedRun, _unfinishedInside, _seqBreaks, _badBlocks;
        private bool _seenFinished;
        private string? _firstSeqBreak, _firstBadBlock;
        private (long Position, ulong Seq)? _last;

        public List<KernelLogRecord> Records { get; } = new(Math.Min(ring.Count, 8192));

        public RecordGaps Gaps { get; } = new(total);

        public void Visit(long position, ulong id)
        {
            var l = ring.Layout;
            int slot = (int)(id % (ulong)ring.Count);
            long descAt = (long)slot * l.DescSize, infoAt = (long)slot * l.InfoSize;
            if (!ring.Descs.IsPresent(descAt, l.DescSize))
            {
                Gaps.Add(position, "descriptors", ring.Descs.Address + (ulong)descAt, l.DescSize);
                return;
            }
            var desc = ring.Descs.Bytes.AsSpan((int)descAt, l.DescSize);
            ulong sv = BinaryPrimitives.ReadUInt64LittleEndian(desc[l.StateVar..]);
            ulong state = sv >> FlagsShift;
            // desc_miss (id mismatch), reserved and reusable descriptors are skipped (get_desc_state()).
            if ((sv & IdMask) != id || (state != Committed && state != Finalized))
            {
                _unfinishedRun++;
                return;
            }
            // Reusable descriptors at the tail (data_push_tail() invalidates the oldest first; a
            // fresh ring's tail is the reusable DESC0_ID, _DEFINE_PRINTKRB) and reserved ones at the
            // head (a CPU in prb_reserve() when the kernel stopped) are normal; one between
            // committed records is not.
            if (_seenFinished)
                _unfinishedInside += _unfinishedRun;
            _unfinishedRun = 0;
            _seenFinished = true;
            if (!ring.Infos.IsPresent(infoAt, l.InfoSize))
            {
                Gaps.Add(position, "printk_info", ring.Infos.Address + (ulong)infoAt, l.InfoSize);
                return;
            }
            var inf = ring.Infos.Bytes.AsSpan((int)infoAt, l.InfoSize);
            ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(inf[l.Seq..]);
            CheckSequence(position, seq);
            ulong rawBegin = BinaryPrimitives.ReadUInt64LittleEndian(desc[l.LposBegin..]);
            ulong rawNext = BinaryPrimitives.ReadUInt64LittleEndian(desc[l.LposNext..]);
            ulong size = (ulong)ring.Text.Bytes.Length;
            ulong begin = rawBegin % size, next = rawNext % size;
            if (begin == next)
            {
                Records.Add(new KernelLogRecord(null, "", seq)); // data-less block: crash prints an empty line
                return;
            }
            // A data block is never larger than the ring (data_alloc() refuses it; get_data() warns).
            if (rawNext - rawBegin > size)
                BadBlock(position, $"record {position} (seq {seq}) has a text block 0x{rawBegin:x}–0x{rawNext:x} larger than the {size}-byte text data ring");
            ulong ts = BinaryPrimitives.ReadUInt64LittleEndian(inf[l.TsNsec..]);
            ulong textLen = BinaryPrimitives.ReadUInt16LittleEndian(inf[l.TextLen..]);
            // A block that wraps stores its data at the start of the ring (data_alloc()); skip the id word.
            if (begin > next)
                begin = 0;
            begin += 8;
            if (next >= begin && next - begin < textLen)
                textLen = next - begin; // truncated message
            if (begin >= size)
                textLen = 0;
            textLen = Math.Min(textLen, size - Math.Min(begin, size));
            long at = (long)Math.Min(begin, size);
            if (!ring.Text.IsPresent(at, (long)textLen))
            {
                Gaps.Add(position, "text", ring.Text.Address + (ulong)at, (long)textLen);
                return;
            }
            // crash's `log -m` prints this level (printk.c dump_record(): the byte's top three bits).
            int? level = l.LevelByte is { } lb ? inf[lb] >> 5 : null;
            Records.Add(new KernelLogRecord(ts, CrashText.Sanitise(ring.Text.Bytes.AsSpan((int)at, (int)textLen)), seq, level));
        }

        /// <summary>
        /// Consecutive ids carry consecutive sequence numbers: prb_reserve() gives a reused slot
        /// its previous seq + the ring's count, so seq − id is constant along the ring.
        /// </summary>
        private void CheckSequence(long position, ulong seq)
        {
            if (_last is { } last && seq != last.Seq + (ulong)(position - last.Position))
            {
                _seqBreaks++;
                ulong expected = last.Seq + (ulong)(position - last.Position);
                _firstSeqBreak ??= $"record {position} has seq {seq} where {expected} follows record {last.Position}'s seq {last.Seq} ({(seq < expected ? "backwards" : $"{seq - expected} skipped")})";
            }
            _last = (position, seq);
        }

        private void BadBlock(long position, string what)
        {
            _badBlocks++;
            _firstBadBlock ??= what;
        }

        public IEnumerable<string> Warnings()
        {
            if (_seqBreaks > 0)
                yield return $"printk sequence numbers do not follow the descriptor ids at {_seqBreaks} records (first: {_firstSeqBreak}): records are missing or the ring is corrupt";
            if (_badBlocks > 0)
                yield return $"{_badBlocks} records have text blocks outside the text data ring (first: {_firstBadBlock}): their text may be wrong";
            if (_unfinishedInside > 0)
                yield return $"{_unfinishedInside} descriptors between committed records are not committed (reserved, reusable or of another id): the records they held are lost";
        }
    }
}
