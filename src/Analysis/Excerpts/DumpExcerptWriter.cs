using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Excerpts;

/// <summary>Writes a <see cref="DumpExcerpt"/>: the given ranges of a dump, copied from it.</summary>
public static class DumpExcerptWriter
{
    /// <summary>Writes the excerpt of <paramref name="dump"/> holding <paramref name="ranges"/> to <paramref name="output"/>; returns its length.</summary>
    public static long Write(IByteSource dump, ByteRanges ranges, string dumpFileName, Stream output)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(output);
        var list = ranges.Ranges;
        if (list.Count > DumpExcerpt.MaxRanges)
            throw new ArgumentException($"{list.Count} ranges: an excerpt holds at most {DumpExcerpt.MaxRanges}", nameof(ranges));
        byte[] name = Encoding.UTF8.GetBytes(Path.GetFileName(dumpFileName));
        if (name.Length > DumpExcerpt.MaxNameBytes)
            name = name[..DumpExcerpt.MaxNameBytes];
        var head = new byte[DumpExcerpt.HeaderBytes + 16 * list.Count];
        DumpExcerpt.WriteHeader(head, dump.Length, list.Count, name.Length);
        for (int i = 0; i < list.Count; i++)
        {
            var (offset, length) = list[i];
            if (offset < 0 || length <= 0 || offset + length > dump.Length)
                throw new ArgumentException($"range {offset}+{length} is not inside {dump.Name} ({dump.Length} bytes)", nameof(ranges));
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(DumpExcerpt.HeaderBytes + 16 * i), offset);
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(DumpExcerpt.HeaderBytes + 16 * i + 8), length);
        }
        output.Write(head);
        output.Write(name);
        long written = head.Length + name.Length;
        var buffer = new byte[1 << 16];
        foreach (var (offset, length) in list)
        {
            for (long done = 0; done < length;)
            {
                int chunk = (int)Math.Min(buffer.Length, length - done);
                dump.ReadExactly(offset + done, buffer.AsSpan(0, chunk), "a range of the excerpt");
                output.Write(buffer, 0, chunk);
                done += chunk;
            }
            written += length;
        }
        return written;
    }
}
