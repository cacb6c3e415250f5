using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// Lays out a 3.5–5.9 variable-length record buffer byte for byte as the kernel's log_store()
/// does: kernel/printk/printk.c at v5.9 (struct printk_log, 16 bytes: u64 ts_nsec; u16 len,
/// text_len, dict_len; u8 facility; u8 flags:5, level:3; __packed __aligned(4) on x86, so
/// LOG_ALIGN = 4; msg_used_size(), logbuf_has_space(), log_make_free_space(), the zeroed header
/// that marks a wrap) and kernel/printk.c at v3.5 for `struct log` (same fields, LOG_ALIGN =
/// __alignof__(struct log) = 8). The VMCOREINFO it describes is what those kernels exported
/// (kernel/kexec.c crash_save_vmcoreinfo_init(): SYMBOL(log_buf), log_buf_len, log_first_idx,
/// log_next_idx, SIZE(printk_log|log), OFFSET(... .ts_nsec|len|text_len|dict_len)).
/// </summary>
public sealed class PrintkLogBufferBuilder
{
    private const int HeaderSize = 16;
    private readonly string _structName;
    private readonly int _align;
    private readonly byte[] _buf;
    private uint _firstIdx, _nextIdx;
    private ulong _firstSeq, _nextSeq;
    private readonly List<(ulong Ts, string Text)> _all = new();

    public PrintkLogBufferBuilder(int logBufLen, bool oldStructLog = false)
    {
        _buf = new byte[logBufLen];
        _structName = oldStructLog ? "log" : "printk_log";
        _align = oldStructLog ? 8 : 4;
    }

    /// <summary>Messages still in the buffer, oldest first (what a reader must return).</summary>
    public IEnumerable<(ulong Ts, string Text)> Retained => _all.Skip((int)_firstSeq);

    public ulong LogBufAddress { get; } = 0xffff888001000000;

    /// <summary>log_store(): append one record (text only, dict_len 0).</summary>
    public void Store(ulong tsNsec, string text)
    {
        byte[] t = Encoding.ASCII.GetBytes(text);
        uint size = (uint)(HeaderSize + t.Length);
        uint pad = (uint)((-(int)size) & (_align - 1));
        size += pad;
        // log_make_free_space(): drop old messages until there is contiguous room.
        while (_firstSeq < _nextSeq && !HasSpace(size, false))
        {
            _firstIdx = Next(_firstIdx);
            _firstSeq++;
        }
        if (!HasSpace(size, _firstSeq == _nextSeq))
            throw new InvalidOperationException("message larger than the buffer");
        if (_nextIdx + size + HeaderSize > _buf.Length)
        {
            Array.Clear(_buf, (int)_nextIdx, HeaderSize); // wrap marker: a header with len 0
            _nextIdx = 0;
        }
        var msg = _buf.AsSpan((int)_nextIdx);
        BinaryPrimitives.WriteUInt64LittleEndian(msg, tsNsec);
        BinaryPrimitives.WriteUInt16LittleEndian(msg[8..], (ushort)size);
        BinaryPrimitives.WriteUInt16LittleEndian(msg[10..], (ushort)t.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(msg[12..], 0);
        msg[14] = 0;
        msg[15] = 6 << 5; // level 6 in flags:5 level:3
        t.CopyTo(msg[HeaderSize..]);
        msg.Slice(HeaderSize + t.Length, (int)pad).Fill(0xcc); // padding is not cleared by the kernel
        _nextIdx += size;
        _nextSeq++;
        _all.Add((tsNsec, text));
    }

    private bool HasSpace(uint msgSize, bool empty)
    {
        uint free = _nextIdx > _firstIdx || empty ? Math.Max((uint)_buf.Length - _nextIdx, _firstIdx) : _firstIdx - _nextIdx;
        return free >= msgSize + HeaderSize;
    }

    private uint Next(uint idx)
    {
        ushort len = BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan((int)idx + 8));
        return len == 0 ? BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan(8)) : idx + len;
    }

    /// <summary>Places log_buf and the variables in <paramref name="memory"/>; returns the matching VMCOREINFO.</summary>
    public VmcoreInfo Place(FakeMemory memory, Action<byte[]>? corrupt = null)
    {
        const ulong vars = 0xffffffff82000000;
        byte[] buf = (byte[])_buf.Clone();
        corrupt?.Invoke(buf);
        memory.Place(LogBufAddress, buf);
        var v = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(v, LogBufAddress);        // char *log_buf
        BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(8), (uint)_buf.Length); // u32 log_buf_len
        BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(12), _firstIdx);
        BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(16), _nextIdx);
        memory.Place(vars, v);
        string n = _structName;
        return VmcoreInfo.Parse($"""
            OSRELEASE=5.4.0-test
            PAGESIZE=4096
            SYMBOL(log_buf)={vars:x}
            SYMBOL(log_buf_len)={vars + 8:x}
            SYMBOL(log_first_idx)={vars + 12:x}
            SYMBOL(clear_idx)={vars + 20:x}
            SYMBOL(log_next_idx)={vars + 16:x}
            SIZE({n})={HeaderSize}
            OFFSET({n}.ts_nsec)=0
            OFFSET({n}.len)=8
            OFFSET({n}.text_len)=10
            OFFSET({n}.dict_len)=12
            """);
    }
}
