using System.Text;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Reads the pre-3.5 character buffer (kernel/printk.c at v3.4: static char *log_buf, int
/// log_buf_len, unsigned log_end — a free-running index, position = log_end &amp; (log_buf_len − 1)).
/// Rendered as crash 8.0.2's kernel.c dump_log() does: oldest byte first, NULs skipped, "&lt;N&gt;"
/// level prefixes at line starts dropped, non-ASCII bytes as '.'.
/// </summary>
public static class LegacyLogBufferReader
{
    /// <summary>Reads the buffer; each output line becomes one record without a timestamp.</summary>
    public static KernelLog Read(IMemoryReader memory, VmcoreInfo info, AnalysisLimits limits)
    {
        ulong logBuf = memory.ReadU64(VmcoreInfoLayout.Symbol(info, "log_buf"), "log_buf");
        int bufLen = (int)memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_buf_len"), "log_buf_len");
        uint logEnd = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_end"), "log_end");
        if (bufLen <= 0 || bufLen > limits.MaxLogBufferBytes || (bufLen & (bufLen - 1)) != 0)
            throw new DumpFormatException($"log_buf_len = {bufLen}: not a power of two up to {limits.MaxLogBufferBytes} bytes") { Field = "log_buf_len" };
        var present = PresentBytes.Read(memory, logBuf, bufLen, "log_buf contents");
        byte[] buf = present.Bytes;
        bool[]? hole = present.IsComplete ? null : Holes(present);
        var missing = present.Missing.Select(m => $"bytes {m.Start}–{m.End - 1} of log_buf (at 0x{logBuf + (ulong)m.Start:x}–0x{logBuf + (ulong)m.End - 1:x}) are not in the dump: the lines there are left out").ToList();

        int index = logEnd < (uint)bufLen ? 0 : (int)(logEnd & (uint)(bufLen - 1));
        bool levelPrefix = logEnd < (uint)bufLen && index == 0 && buf[0] == (byte)'<';
        var sb = new StringBuilder(bufLen);
        byte last = 0;
        // A line that touches missing bytes is left out whole (from its start to its newline), so
        // every printed line is one the kernel wrote.
        int lineStart = 0;
        bool skipLine = false;
        // Oldest part first: [index, len) then [0, index) when the buffer has wrapped.
        foreach (var (from, to) in index != 0 ? new[] { (index, bufLen), (0, index) } : new[] { (0, bufLen) })
        {
            for (int i = from; i < to; i++)
            {
                byte c = buf[i];
                if (hole is not null && hole[i])
                {
                    sb.Length = lineStart;
                    skipLine = true;
                    continue;
                }
                if (skipLine)
                {
                    skipLine = c != (byte)'\n';
                    levelPrefix = !skipLine;
                    continue;
                }
                if (levelPrefix)
                {
                    if (c is (byte)'<' or >= (byte)'0' and <= (byte)'7')
                        continue;
                    levelPrefix = false;
                    if (c == (byte)'>')
                        continue;
                }
                if (c == 0)
                    continue;
                sb.Append(c <= 0x7f ? (char)c : '.');
                levelPrefix = c == (byte)'\n';
                if (levelPrefix)
                    lineStart = sb.Length;
                last = c;
            }
        }
        if (skipLine)
            sb.Length = lineStart;
        if (sb.Length == 0 && hole is not null)
            throw new MemoryNotPresentException(logBuf + (ulong)present.Missing[0].Start, (int)(present.Missing[0].End - present.Missing[0].Start), "log_buf contents");
        if (last != (byte)'\n' || skipLine)
            sb.Append('\n');
        string text = sb.ToString(0, sb.Length - 1);
        var records = text.Split('\n').Select(line => new KernelLogRecord(null, line)).ToList();
        return new KernelLog(KernelLogLayout.CharacterBuffer, records) { Missing = missing };
    }

    private static bool[] Holes(PresentBytes present)
    {
        var hole = new bool[present.Bytes.Length];
        foreach (var (start, end) in present.Missing)
            hole.AsSpan((int)start, (int)(end - start)).Fill(true);
        return hole;
    }
}
