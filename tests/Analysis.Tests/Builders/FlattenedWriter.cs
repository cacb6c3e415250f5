using System.Buffers.Binary;

namespace Crashdesk.Analysis.Tests.Builders;

/// <summary>
/// Writes a makedumpfile flattened stream (makedumpfile.h: 4096-byte makedumpfile_header
/// {"makedumpfile", type 1, version 1, big-endian}, then {int64 offset, int64 buf_size} big-endian
/// + data per write, then offset = buf_size = -1).
/// </summary>
public static class FlattenedWriter
{
    /// <summary>Flattens <paramref name="file"/> as writes of at most <paramref name="chunk"/> bytes, in the given order, plus extra overwrites.</summary>
    public static byte[] Flatten(byte[] file, int chunk, bool shuffle, IEnumerable<(long Offset, byte[] Data)>? overwrites = null, bool endMarker = true)
    {
        var writes = new List<(long, byte[])>();
        for (long o = 0; o < file.Length; o += chunk)
            writes.Add((o, file.AsSpan((int)o, (int)Math.Min(chunk, file.Length - o)).ToArray()));
        if (shuffle)
            writes = writes.OrderBy(w => (w.Item1 * 7919) % 104729).ToList();
        if (overwrites is not null)
            writes.AddRange(overwrites);
        var s = new MemoryStream();
        var head = new byte[4096];
        "makedumpfile"u8.CopyTo(head);
        BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(16), 1);
        BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(24), 1);
        s.Write(head);
        Span<byte> h = stackalloc byte[16];
        foreach (var (offset, data) in writes)
        {
            BinaryPrimitives.WriteInt64BigEndian(h, offset);
            BinaryPrimitives.WriteInt64BigEndian(h[8..], data.Length);
            s.Write(h);
            s.Write(data);
        }
        if (endMarker)
        {
            BinaryPrimitives.WriteInt64BigEndian(h, -1);
            BinaryPrimitives.WriteInt64BigEndian(h[8..], -1);
            s.Write(h);
        }
        return s.ToArray();
    }
}
