using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// Writes tar archives byte by byte as POSIX pax(1) "ustar Interchange Format" describes them, so a
/// test can make what no well-behaved tar writes: "../" and absolute names, links out of the archive,
/// a header that declares 10 GB with hardly any data after it, or no end marker.
/// </summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream output = new();

    public int Members { get; private set; }

    public TarBuilder Directory(string name) => Add(name, '5', 0, "", []);

    public TarBuilder File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public TarBuilder File(string name, byte[] data) => Add(name, '0', data.Length, "", data);

    public TarBuilder Symlink(string name, string target) => Add(name, '2', 0, target, []);

    public TarBuilder HardLink(string name, string target) => Add(name, '1', 0, target, []);

    /// <summary>A character device ('3'), as /dev/null would be archived.</summary>
    public TarBuilder CharacterDevice(string name) => Add(name, '3', 0, "", []);

    /// <summary>A regular file's header declaring <paramref name="declaredSize"/>, followed by only <paramref name="data"/>.</summary>
    public TarBuilder Declaring(string name, long declaredSize, byte[] data)
    {
        output.Write(Header(name, '0', declaredSize, ""));
        output.Write(data);
        Members++;
        return this;
    }

    /// <summary>The archive; with <paramref name="endMarker"/> the two zero blocks tar ends with.</summary>
    public byte[] ToArray(bool endMarker = true)
    {
        var bytes = new MemoryStream();
        output.Position = 0;
        output.CopyTo(bytes);
        if (endMarker)
            bytes.Write(new byte[1024]);
        return bytes.ToArray();
    }

    private TarBuilder Add(string name, char type, long size, string link, byte[] data)
    {
        if (Encoding.UTF8.GetByteCount(link) > 100)
        {
            // GNU long link name: a 'K' member whose data is the target.
            var longLink = Encoding.UTF8.GetBytes(link + "\0");
            output.Write(Header("././@LongLink", 'K', longLink.Length, ""));
            output.Write(Padded(longLink));
            link = link[..90];
        }
        if (Encoding.UTF8.GetByteCount(name) > 100)
        {
            // GNU long name: a '././@LongLink' member of type 'L' whose data is the name.
            var longName = Encoding.UTF8.GetBytes(name + "\0");
            output.Write(Header("././@LongLink", 'L', longName.Length, ""));
            output.Write(Padded(longName));
            name = name[..90];
        }
        output.Write(Header(name, type, size, link));
        output.Write(Padded(data));
        Members++;
        return this;
    }

    private static byte[] Padded(byte[] data)
    {
        var padded = new byte[(data.Length + 511) / 512 * 512];
        data.CopyTo(padded, 0);
        return padded;
    }

    private static byte[] Header(string name, char type, long size, string link)
    {
        var block = new byte[512];
        Encoding.UTF8.GetBytes(name).CopyTo(block, 0);
        Octal(block, 100, 8, type == '5' ? 0x1ed : type == '2' ? 0x1ff : 0x1a4);
        Octal(block, 108, 8, 0);
        Octal(block, 116, 8, 0);
        if (size < 8L << 30)
            Octal(block, 124, 12, size);
        else
        {
            // GNU base-256: 0x80 then the size big-endian in the field's last eight bytes.
            block[124] = 0x80;
            BinaryPrimitives.WriteInt64BigEndian(block.AsSpan(128, 8), size);
        }
        Octal(block, 136, 12, 1_764_000_000);
        block[156] = (byte)type;
        Encoding.UTF8.GetBytes(link).CopyTo(block, 157);
        "ustar\0"u8.CopyTo(block.AsSpan(257));
        "00"u8.CopyTo(block.AsSpan(263));
        "root"u8.CopyTo(block.AsSpan(265));
        "root"u8.CopyTo(block.AsSpan(297));
        // Checksum: the sum of the header's bytes with the checksum field as eight spaces, six octal digits, NUL, space.
        "        "u8.CopyTo(block.AsSpan(148));
        int sum = block.Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);
        return block;
    }

    private static void Octal(byte[] block, int offset, int length, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0").CopyTo(block, offset);
}
