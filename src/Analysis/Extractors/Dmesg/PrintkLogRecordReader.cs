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
/// The buffer is read page by page: a record whose text is not in the dump is named in
/// <see cref="KernelLog.Missing"/> and the walk goes on (its header gives the next record); a
/// missing header ends the walk, as nothing else says where the next record starts.
/// </summary>
public static class PrintkLogRecordReader
{
    // struct printk_log is 16 bytes (24 with CONFIG_PRINTK_CALLER's u32 caller_id, 5.1+, padded).
    private const int MinHeaderSize = 16, MaxHeaderSize = 32;

    /// <summary>Reads every record the dump holds.</summary>
    public static KernelLog Read(IMemoryReader memory, VmcoreInfo info, AnalysisLimits limits)
    {
        // Renamed in 3.11 (kernel commit 62e32ac3505a "printk: rename struct log to struct printk_log").
        string name = info.Size("printk_log") is not null ? "printk_log" : "log";
        var layout = name == "printk_log" ? KernelLogLayout.PrintkLogRecords : KernelLogLayout.LogRecords;
        int headerSize = VmcoreInfoLayout.Size(info, name, MinHeaderSize, MaxHeaderSize);
        int tsOff = VmcoreInfoLayout.Member(info, name, "ts_nsec", 8, headerSize);
        int lenOff = VmcoreInfoLayout.Member(info, name, "len", 2, headerSize);
        int textLenOff = VmcoreInfoLayout.Member(info, name, "text_len", 2, headerSize);
        // { …; u16 dict_len; u8 facility; u8 flags:5, level:3; }: the level byte follows facility
        // (kernel/printk/printk.c at v5.9); VMCOREINFO exports dict_len but not the bitfield.
        int? levelOff = info.Offset(name + ".dict_len") is { } dictAt && dictAt + 4 <= headerSize ? (int)dictAt + 3 : null;

        ulong logBuf = memory.ReadU64(VmcoreInfoLayout.Symbol(info, "log_buf"), "log_buf");
        uint bufLen = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_buf_len"), "log_buf_len");
        uint first = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_first_idx"), "log_first_idx");
        uint next = memory.ReadU32(VmcoreInfoLayout.Symbol(info, "log_next_idx"), "log_next_idx");
        if (bufLen == 0 || bufLen > limits.MaxLogBufferBytes)
            throw new DumpFormatException($"log_buf_len = {bufLen}: the size of the kernel log buffer must be 1..{limits.MaxLogBufferBytes} bytes (a limit of {limits.MaxLogBufferBytes} bytes)") { Field = "log_buf_len" };
        // log_buf_len_update() rounds every size up to a power of two (kernel/printk/printk.c, 3.5–5.9).
        if ((bufLen & (bufLen - 1)) != 0)
            throw new DumpFormatException($"log_buf_len = {bufLen}: not a power of two, which the kernel's log buffer always is") { Field = "log_buf_len" };
        if (first >= bufLen || next >= bufLen)
            throw new DumpFormatException($"log_first_idx = {first}, log_next_idx = {next}: outside the {bufLen}-byte log buffer") { Field = first >= bufLen ? "log_first_idx" : "log_next_idx" };
        var buf = PresentBytes.Read(memory, logBuf, bufLen, "log_buf contents");

        var records = new List<KernelLogRecord>();
        var gaps = new RecordGaps(null);
        var warnings = new List<string>();
        var seen = new HashSet<uint>();
        uint idx = first;
        long steps = 0, maxSteps = bufLen / headerSize + 1;
        bool stopSaid = false;
        for (; idx != next && steps <= maxSteps && records.Count < limits.MaxLogRecords; steps++)
        {
            stopSaid = true;
            long position = records.Count + gaps.Count + 1;
            if ((long)idx + headerSize > bufLen)
            {
                warnings.Add($"the record walk from log_first_idx {first} found a record header at offset {idx} running past the {bufLen}-byte buffer before reaching log_next_idx {next}: the records after it are lost");
                break;
            }
            if (!buf.IsPresent(idx, headerSize) || !buf.IsPresent(0, headerSize) && U16(buf, idx + (uint)lenOff) == 0)
            {
                gaps.Add(position, "record headers", logBuf + idx, next > idx ? next - idx : bufLen - idx);
                warnings.Add($"the records from log_buf offset {idx} up to log_next_idx {next} cannot be found: without the header at offset {idx} nothing says where the next record starts");
                break;
            }
            uint ptr = U16(buf, idx + (uint)lenOff) == 0 ? 0 : idx;
            if (!seen.Add(ptr))
            {
                warnings.Add($"the record walk from log_first_idx {first} came back to offset {ptr} before reaching log_next_idx {next}: the buffer is corrupt, the records after it are lost");
                break;
            }
            int textLen = U16(buf, ptr + (uint)textLenOff);
            long textAt = (long)ptr + headerSize;
            int available = (int)Math.Max(0, Math.Min(textLen, bufLen - textAt));
            if (buf.IsPresent(Math.Min(textAt, bufLen), available))
                records.Add(Record(buf.Bytes, ptr, headerSize, tsOff, textLenOff, levelOff));
            else
                gaps.Add(position, "text", logBuf + (ulong)textAt, available);
            ushort msgLen = U16(buf, idx + (uint)lenOff);
            idx = msgLen == 0 ? U16(buf, (uint)lenOff) : idx + msgLen;
            if (idx >= bufLen)
            {
                if (first > next)
                {
                    idx = 0;
                }
                else
                {
                    warnings.Add($"the record walk from log_first_idx {first} ran past the end of the {bufLen}-byte buffer without meeting log_next_idx {next}: the buffer is corrupt, the records after it are lost");
                    break;
                }
            }
            stopSaid = false;
        }
        if (idx != next && !stopSaid)
            warnings.Add(records.Count >= limits.MaxLogRecords
                ? $"the log holds more than {limits.MaxLogRecords} records, more than the engine reads (a limit of {limits.MaxLogRecords} records): the newest are not shown"
                : $"the record walk from log_first_idx {first} took more steps than the buffer has room for records without meeting log_next_idx {next}: the buffer is corrupt");
        return new KernelLog(layout, records) { Missing = gaps.Messages(), Warnings = warnings };
    }

    private static KernelLogRecord Record(byte[] buf, uint ptr, int headerSize, int tsOff, int textLenOff, int? levelOff)
    {
        int? level = levelOff is { } lo && ptr + (uint)lo < buf.Length ? buf[(int)ptr + lo] >> 5 : null;
        ulong ts = ptr + (uint)tsOff + 8 <= buf.Length ? BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan((int)ptr + tsOff)) : 0;
        int textLen = U16(buf, ptr + (uint)textLenOff);
        long textAt = (long)ptr + headerSize;
        int available = (int)Math.Max(0, Math.Min(textLen, buf.Length - textAt));
        return new KernelLogRecord(ts, CrashText.Sanitise(buf.AsSpan((int)Math.Min(textAt, buf.Length), available)), null, level);
    }

    private static ushort U16(PresentBytes buf, uint at) => U16(buf.Bytes, at);

    private static ushort U16(byte[] buf, uint at) =>
        at + 2 <= (uint)buf.Length ? BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan((int)at)) : (ushort)0;
}
