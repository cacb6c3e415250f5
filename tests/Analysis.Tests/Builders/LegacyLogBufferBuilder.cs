using System.Buffers.Binary;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// The pre-3.5 character buffer as kernel/printk.c at v3.4 fills it: emit_log_char() stores
/// LOG_BUF(log_end) = c (LOG_BUF(idx) = log_buf[idx &amp; LOG_BUF_MASK]) and increments the free-running
/// log_end; vprintk() writes "&lt;level&gt;" and, with printk_time, "[%5lu.%06lu] " at each line start.
/// VMCOREINFO as kernel/kexec.c v3.4 exported it: SYMBOL(log_buf), SYMBOL(log_end),
/// SYMBOL(log_buf_len), SYMBOL(logged_chars).
/// </summary>
public sealed class LegacyLogBufferBuilder(int logBufLen)
{
    private readonly byte[] _buf = new byte[logBufLen];
    private uint _logEnd;

    /// <summary>Everything ever written, in order.</summary>
    public System.Text.StringBuilder Written { get; } = new();

    public void Printk(int level, ulong tsNsec, string line)
    {
        string text = $"<{level}>[{tsNsec / 1_000_000_000,5}.{tsNsec % 1_000_000_000 / 1000:D6}] {line}\n";
        foreach (char c in text)
        {
            _buf[_logEnd & (uint)(_buf.Length - 1)] = (byte)c;
            _logEnd++;
        }
        Written.Append(text);
    }

    public VmcoreInfo Place(FakeMemory memory)
    {
        const ulong vars = 0xffffffff81800000, buf = 0xffffffff81a00000;
        memory.Place(buf, (byte[])_buf.Clone());
        var v = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(v, buf);
        BinaryPrimitives.WriteInt32LittleEndian(v.AsSpan(8), _buf.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(12), _logEnd);
        memory.Place(vars, v);
        return VmcoreInfo.Parse($"OSRELEASE=3.2.0-test\nSYMBOL(log_buf)={vars:x}\nSYMBOL(log_buf_len)={vars + 8:x}\nSYMBOL(log_end)={vars + 12:x}\nSYMBOL(logged_chars)={vars + 16:x}\n");
    }
}
