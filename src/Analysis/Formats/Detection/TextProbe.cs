using System.Buffers;
using Crashdesk.Analysis.Formats.Elf;
using Crashdesk.Analysis.Formats.Flattened;
using Crashdesk.Analysis.Formats.Kdump;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Formats.Detection;

/// <summary>
/// Tells text (a console capture, dmesg, /var/log/messages) from binary (a dump, an archive). A file
/// that starts with a dump format's magic is never text. Otherwise its head is text when it is mostly
/// printable ASCII or valid UTF-8: a run of control bytes (a serial console's NULs after a reset,
/// line noise) counts as one blemish however long it is, so a log with noise in it is still a log,
/// while binary data — where control bytes are scattered (about one byte in ten of random data) and
/// most high bytes are not UTF-8 — is not. Latin-1 text (high bytes that are not UTF-8) is allowed up
/// to one byte in ten, the accents of a localised log.
/// </summary>
public static class TextProbe
{
    /// <summary>Text bytes wanted before deciding: the first 4 KiB of content, as the old probe looked at.</summary>
    private const int WantedTextBytes = 4096;

    /// <summary>How far a run of noise may push the decision (1 MiB of NULs in front of a log is still read past).</summary>
    private const int MaxProbeBytes = 4 << 20;

    private const int ChunkBytes = 64 << 10;

    /// <summary>True when <paramref name="source"/> holds text rather than binary data (see the type's summary).</summary>
    public static bool LooksLikeText(IByteSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length == 0)
            return false;
        Span<byte> start = stackalloc byte[3];
        int n = source.Read(0, start);
        start = start[..n];
        if (start.StartsWith((ReadOnlySpan<byte>)[0xff, 0xfe]) || start.StartsWith((ReadOnlySpan<byte>)[0xfe, 0xff]) || start.StartsWith((ReadOnlySpan<byte>)[0xef, 0xbb, 0xbf]))
            return true;
        if (KdumpHeader.Probe(source) || ElfHeader.HasMagic(source) || FlattenedByteSource.IsFlattened(source))
            return false;
        var counts = new TextCounts();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long offset = 0, stop = Math.Min(source.Length, MaxProbeBytes);
            // Bounded: at most MaxProbeBytes are read, whatever the file holds.
            while (counts.Text < WantedTextBytes && offset < stop)
            {
                int read = source.Read(offset, chunk.AsSpan(0, (int)Math.Min(ChunkBytes, stop - offset)));
                if (read <= 0)
                    break;
                counts.Add(chunk.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return counts.IsText;
    }
}
