using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Fuzz.Seeds;

/// <summary>
/// Kernel log records written as the 3.5–5.9 kernels keep them (kernel/printk/printk.c at v5.9):
/// struct printk_log { u64 ts_nsec; u16 len, text_len, dict_len; u8 facility; u8 flags:5, level:3; },
/// then the text, padded to 8 bytes (LOG_ALIGN); a record that does not fit before the end leaves a
/// zero len there and starts again at 0. Placed in a small sparse memory with the VMCOREINFO lines
/// crash_core.c / printk.c export for it.
/// </summary>
public static class PrintkLogSeed
{
    private const ulong Symbols = 0xffffffff82000000, Buffer = 0xffff888001000000;
    private const int BufferSize = 1 << 17, HeaderSize = 16;

    public static (IMemoryReader Memory, VmcoreInfo Info) Build(IReadOnlyList<KernelLogRecord> records)
    {
        var buf = new byte[BufferSize];
        uint first = BufferSize - 4096, idx = first;
        foreach (var r in records.TakeLast(1500))
        {
            byte[] text = Encoding.UTF8.GetBytes(r.Text);
            if (text.Length > 1024)
                text = text[..1024];
            int len = (HeaderSize + text.Length + 7) & ~7;
            if (idx + len > BufferSize)
            {
                buf.AsSpan((int)idx, Math.Min(HeaderSize, BufferSize - (int)idx)).Clear(); // len 0: wrap
                idx = 0;
            }
            if (idx < first && idx + len >= first)
                break;
            var h = buf.AsSpan((int)idx);
            BinaryPrimitives.WriteUInt64LittleEndian(h, r.TimestampNanoseconds ?? 0);
            BinaryPrimitives.WriteUInt16LittleEndian(h[8..], (ushort)len);
            BinaryPrimitives.WriteUInt16LittleEndian(h[10..], (ushort)text.Length);
            h[15] = 6 << 5;
            text.CopyTo(h[HeaderSize..]);
            idx += (uint)len;
        }
        var vars = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(vars, Buffer);
        BinaryPrimitives.WriteUInt32LittleEndian(vars.AsSpan(8), BufferSize);
        BinaryPrimitives.WriteUInt32LittleEndian(vars.AsSpan(16), first);
        BinaryPrimitives.WriteUInt32LittleEndian(vars.AsSpan(24), idx);
        string info = $"""
            OSRELEASE=5.4.0-fuzz
            SYMBOL(log_buf)={Symbols:x}
            SYMBOL(log_buf_len)={Symbols + 8:x}
            SYMBOL(log_first_idx)={Symbols + 16:x}
            SYMBOL(log_next_idx)={Symbols + 24:x}
            SIZE(printk_log)={HeaderSize}
            OFFSET(printk_log.ts_nsec)=0
            OFFSET(printk_log.len)=8
            OFFSET(printk_log.text_len)=10

            """;
        return (new SparseMemory([(Symbols, vars), (Buffer, buf)]), VmcoreInfo.Parse(info));
    }

    /// <summary>A few byte ranges at kernel addresses; everything else is not in the dump.</summary>
    private sealed class SparseMemory(IReadOnlyList<(ulong At, byte[] Bytes)> ranges) : IMemoryReader
    {
        public int Read(ulong address, Span<byte> destination)
        {
            foreach (var (at, bytes) in ranges)
            {
                if (address >= at && address < at + (ulong)bytes.Length)
                {
                    int n = (int)Math.Min((ulong)destination.Length, at + (ulong)bytes.Length - address);
                    bytes.AsSpan((int)(address - at), n).CopyTo(destination);
                    return n;
                }
            }
            return 0;
        }
    }
}
