using System.Buffers.Binary;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Dmesg;

/// <summary>
/// Reads the 3.5–5.9 variable-length record buffer: struct printk_log (3.11+) or struct log
/// (3.5–3.10), kernel/printk/printk.c at v5.9 (and kernel/printk.c at v3.5): each record is
/// { u64 ts_nsec; u16 len, text_len, dict_len; u8 facility; u8 flags:5, level:3; } followed by
/// text, dict and padding; len == 0 marks the end of the buffer (wrap to index 0). Walked from
/// log_first_idx to log_next_idx exactly as crash 8.0.2 does (kernel.c
/// dump_variable_length_record_log(), log_from_idx(), log_next()), stopping on a repeated record.
/// </summary>
public static class PrintkLogRecordReader
{
    /// <summary>Reads every record.</summary>
    public static KernelLog Read(IMemoryReader memory, VmcoreInfo info, AnalysisLimits limits)
    {
        // Renamed in 3.11 (kernel commit 62e32ac3505a "printk: rename struct log to struct printk_log").
        string name = info.Size("printk_log") is not null ? "printk_log" : "log";
        var layout = name == "printk_log" ? KernelLogLayout.PrintkLogRecords : KernelLogLayout.LogRecords;
        int headerSize = VmcoreInfoLayout.Size(info, name);
        int tsOff = VmcoreInfoLayout.Offset(info, $"{name}.ts_nsec");
        int lenOff = VmcoreInfoLayout.Offset(info, $"{name}.len");
        int textLenOff = VmcoreInfoLayout.Offset(info, $"{name}.text_len");

        ulong logBuf = memory.ReadU64(VmcoreInfoLayout.Symbol(info, "log_buf"), "log_buf");
        uint bufLen = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_buf_len"), "log_buf_len");
        uint first = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_first_idx"), "log_first_idx");
        uint next = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_next_idx"), "log_next_idx");
        if (bufLen == 0 || bufLen > limits.MaxLogBufferBytes)
            throw new DumpFormatException($"log_buf_len = {bufLen}: the size of the kernel log buffer must be 1..{limits.MaxLogBufferBytes} bytes (a limit of {limits.MaxLogBufferBytes} bytes)") { Field = "log_buf_len" };
        byte[] buf = new byte[bufLen];
        memory.ReadExactly(logBuf, buf, "log_buf contents");

        var records = new List<KernelLogRecord>();
        var seen = new HashSet<uint>();
        uint idx = first;
        int minRecord = Math.Max(1, headerSize);
        for (long steps = 0; idx != next && steps <= bufLen / minRecord + 1 && records.Count < limits.MaxLogRecords; steps++)
        {
            if (idx > bufLen - (uint)headerSize || (long)idx + headerSize > bufLen)
                break; // invalid log_buf entry
            uint ptr = U16(buf, idx + (uint)lenOff) == 0 ? 0 : idx;
            if (!seen.Add(ptr))
                break; // duplicate record pointer: a loop in a corrupt buffer
            records.Add(Record(buf, ptr, headerSize, tsOff, textLenOff));
            ushort msgLen = U16(buf, idx + (uint)lenOff);
            idx = msgLen == 0 ? U16(buf, (uint)lenOff) : idx + msgLen;
            if (idx >= bufLen)
            {
                if (first > next)
                    idx = 0;
                else
                    break;
            }
        }
        return new KernelLog(layout, records);
    }

    private static KernelLogRecord Record(byte[] buf, uint ptr, int headerSize, int tsOff, int textLenOff)
    {
        ulong ts = ptr + (uint)tsOff + 8 <= buf.Length ? BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan((int)ptr + tsOff)) : 0;
        int textLen = U16(buf, ptr + (uint)textLenOff);
        long textAt = (long)ptr + headerSize;
        int available = (int)Math.Max(0, Math.Min(textLen, buf.Length - textAt));
        return new KernelLogRecord(ts, CrashText.Sanitise(buf.AsSpan((int)Math.Min(textAt, buf.Length), available)));
    }

    private static ushort U16(byte[] buf, uint at) =>
        at + 2 <= (uint)buf.Length ? BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan((int)at)) : (ushort)0;
}
