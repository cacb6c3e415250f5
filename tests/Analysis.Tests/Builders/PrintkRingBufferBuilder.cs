using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// Writes records into a lockless printk ring buffer the way kernel/printk/printk_ringbuffer.c
/// (v6.1) does: data blocks { unsigned long id; char data[]; } of to_blk_size() bytes at logical
/// positions (lpos); a block that would cross the end of the ring stores its data at index 0
/// (data_alloc(), get_next_lpos()); text_len 0 makes a data-less block (begin = next = NO_LPOS);
/// pushing the data tail makes old descriptors reusable (desc_make_reusable()); reserving a
/// descriptor slot pushes the descriptor tail (desc_push_tail()). Struct layouts and the VMCOREINFO
/// are those of the 6.1 fixtures (printk_ringbuffer 88, prb_desc 24, printk_info 88 bytes).
/// </summary>
public sealed class PrintkRingBufferBuilder
{
    private const ulong IdMask = ~(3UL << 62);
    private const ulong NoLpos = 0x3;
    private readonly int _count;
    private readonly ulong _size;
    private readonly byte[] _descs, _infos, _data;
    private readonly List<Rec> _records = new();
    private ulong _headLpos, _tailLpos, _nextId, _seq;
    private readonly int _countBits, _sizeBits;

    private sealed record Rec(ulong Id, ulong Ts, string Text, ulong Begin, ulong Next)
    {
        public ulong State { get; set; } = 2; // desc_finalized
        public bool Gone { get; set; }
    }

    public PrintkRingBufferBuilder(int countBits, int sizeBits, ulong firstId)
    {
        _countBits = countBits;
        _sizeBits = sizeBits;
        _count = 1 << countBits;
        _size = 1UL << sizeBits;
        _descs = new byte[_count * 24];
        _infos = new byte[_count * 88];
        _data = new byte[_size];
        _nextId = firstId & IdMask;
    }

    /// <summary>The crash `log` text a correct reader prints for what is still in the rings.</summary>
    public string ExpectedCrashText()
    {
        var sb = new StringBuilder();
        foreach (var r in _records.Where(r => !r.Gone && r.State is 1 or 2))
        {
            if (r.Text.Length == 0)
                sb.Append('\n');
            else
                sb.Append($"[{r.Ts / 1_000_000_000,5}.{r.Ts % 1_000_000_000 / 1000:D6}] ").Append(r.Text.Replace("\n", "\n" + new string(' ', 15))).Append('\n');
        }
        return sb.ToString();
    }

    public int Retained => _records.Count(r => !r.Gone);

    /// <summary>Appends a record; <paramref name="state"/> 0 reserved, 1 committed, 2 finalized.</summary>
    public void Write(ulong ts, string text, ulong state = 2)
    {
        ulong id = _nextId;
        _nextId = (_nextId + 1) & IdMask;
        // desc_reserve(): the slot's previous occupant (id - count) leaves the ring.
        foreach (var old in _records.Where(r => !r.Gone && (unchecked(id - r.Id) & IdMask) >= (ulong)_count))
            Drop(old);
        byte[] t = Encoding.ASCII.GetBytes(text);
        ulong begin = NoLpos, next = NoLpos;
        if (t.Length > 0)
        {
            ulong blk = ((ulong)t.Length + 8 + 7) & ~7UL;
            begin = _headLpos;
            next = begin + blk;
            if (begin >> _sizeBits != next >> _sizeBits)
                next = (next >> _sizeBits << _sizeBits) + blk; // wrapping block: data at index 0
            // data_push_tail(): invalidate the oldest blocks until the new one fits.
            while (next - _tailLpos > _size)
            {
                var oldest = _records.First(r => !r.Gone && r.Begin != NoLpos && r.State != 3);
                oldest.State = 3; // desc_reusable: still in the descriptor ring, no longer readable
                _tailLpos = oldest.Next;
            }
            ulong at = begin & (_size - 1);
            if (begin >> _sizeBits != next >> _sizeBits)
                at = 0;
            BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan((int)at), id);
            t.CopyTo(_data.AsSpan((int)at + 8));
            _headLpos = next;
        }
        var rec = new Rec(id, ts, text, begin, next) { State = state };
        _records.Add(rec);
        int slot = (int)(id % (ulong)_count);
        var d = _descs.AsSpan(slot * 24, 24);
        BinaryPrimitives.WriteUInt64LittleEndian(d, id | (state << 62));
        BinaryPrimitives.WriteUInt64LittleEndian(d[8..], begin);
        BinaryPrimitives.WriteUInt64LittleEndian(d[16..], next);
        var i = _infos.AsSpan(slot * 88, 88);
        i.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(i, _seq++);
        BinaryPrimitives.WriteUInt64LittleEndian(i[8..], ts);
        BinaryPrimitives.WriteUInt16LittleEndian(i[16..], (ushort)t.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(i[20..], 1);
    }

    private void Drop(Rec r)
    {
        r.Gone = true;
        if (r.Begin != NoLpos && r.State != 3 && _tailLpos < r.Next)
            _tailLpos = r.Next;
    }

    /// <summary>Writes reusable state into a descriptor's state_var as desc_make_reusable() would.</summary>
    private void RefreshStates()
    {
        foreach (var r in _records.Where(r => !r.Gone))
        {
            int slot = (int)(r.Id % (ulong)_count);
            BinaryPrimitives.WriteUInt64LittleEndian(_descs.AsSpan(slot * 24), r.Id | (r.State << 62));
        }
    }

    /// <summary>Places printk_rb_static, the prb pointer and the rings; returns the 6.1 VMCOREINFO.</summary>
    public VmcoreInfo Place(FakeMemory memory)
    {
        RefreshStates();
        const ulong prbSymbol = 0xffffffff8904a3d0, rbStatic = 0xffffffff8904a3e0;
        const ulong descs = 0xffffffff89200000, infos = 0xffffffff89300000, data = 0xffff888010000000;
        var live = _records.Where(r => !r.Gone).ToList();
        ulong headId = live.Count > 0 ? live[^1].Id : (_nextId - 1) & IdMask;
        ulong tailId = live.Count > 0 ? live[0].Id : headId;
        var rb = new byte[88];
        BinaryPrimitives.WriteUInt32LittleEndian(rb, (uint)_countBits);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(8), descs);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(16), infos);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(24), headId);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(32), tailId);
        BinaryPrimitives.WriteUInt32LittleEndian(rb.AsSpan(48), (uint)_sizeBits);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(56), data);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(64), _headLpos);
        BinaryPrimitives.WriteUInt64LittleEndian(rb.AsSpan(72), _tailLpos);
        var ptr = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(ptr, rbStatic);
        memory.Place(prbSymbol, ptr);
        memory.Place(rbStatic, rb);
        memory.Place(descs, (byte[])_descs.Clone());
        memory.Place(infos, (byte[])_infos.Clone());
        memory.Place(data, (byte[])_data.Clone());
        // The printk VMCOREINFO of a 6.1 kernel (kernel/printk/printk.c log_buf_vmcoreinfo_setup()).
        return VmcoreInfo.Parse($"""
            OSRELEASE=6.1.0-test
            SYMBOL(prb)={prbSymbol:x}
            SYMBOL(printk_rb_static)={rbStatic:x}
            SIZE(printk_ringbuffer)=88
            OFFSET(printk_ringbuffer.desc_ring)=0
            OFFSET(printk_ringbuffer.text_data_ring)=48
            OFFSET(printk_ringbuffer.fail)=80
            SIZE(prb_desc_ring)=48
            OFFSET(prb_desc_ring.count_bits)=0
            OFFSET(prb_desc_ring.descs)=8
            OFFSET(prb_desc_ring.infos)=16
            OFFSET(prb_desc_ring.head_id)=24
            OFFSET(prb_desc_ring.tail_id)=32
            SIZE(prb_desc)=24
            OFFSET(prb_desc.state_var)=0
            OFFSET(prb_desc.text_blk_lpos)=8
            SIZE(prb_data_blk_lpos)=16
            OFFSET(prb_data_blk_lpos.begin)=0
            OFFSET(prb_data_blk_lpos.next)=8
            SIZE(printk_info)=88
            OFFSET(printk_info.seq)=0
            OFFSET(printk_info.ts_nsec)=8
            OFFSET(printk_info.text_len)=16
            OFFSET(printk_info.caller_id)=20
            OFFSET(printk_info.dev_info)=24
            SIZE(prb_data_ring)=32
            OFFSET(prb_data_ring.size_bits)=0
            OFFSET(prb_data_ring.data)=8
            OFFSET(prb_data_ring.head_lpos)=16
            OFFSET(prb_data_ring.tail_lpos)=24
            SIZE(atomic_long_t)=8
            OFFSET(atomic_long_t.counter)=0
            """);
    }
}
