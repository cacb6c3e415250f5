using System.Buffers.Binary;

namespace Crashdesk.Analysis.IO.Remote;

/// <summary>
/// The framing of the byte channel between a service and the engine process it started (one place for
/// both sides): a frame is its kind (1 byte), its payload length (4 bytes, little-endian) and the payload.
/// Every length is checked against a bound before anything is allocated: neither side trusts the other's
/// header (the engine process reads a hostile dump; the service must not be made to allocate by it).
/// </summary>
public static class RemoteFrames
{
    /// <summary>Bytes of a frame header.</summary>
    public const int HeaderBytes = 5;

    /// <summary>
    /// Largest read one <see cref="RemoteFrameKind.Read"/> may ask for: 8 MiB. The engine's own reads are a
    /// page to a few MiB (a kdump bitmap in pieces, a compressed block); a larger read is split by the client.
    /// </summary>
    public const int MaxReadBytes = 8 << 20;

    /// <summary>Largest payload of any frame: a full read plus room, or a question/answer of the same bound.</summary>
    public const int MaxPayloadBytes = MaxReadBytes + 4096;

    /// <summary>Writes one frame and flushes it.</summary>
    public static void Write(Stream stream, RemoteFrameKind kind, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayloadBytes)
            throw new ArgumentOutOfRangeException(nameof(payload), $"a frame's payload is at most {MaxPayloadBytes} bytes");
        Span<byte> header = stackalloc byte[HeaderBytes];
        header[0] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>
    /// Reads one frame whose payload is at most <paramref name="maxPayload"/> bytes. Null at a clean end of the
    /// stream (before a header); <see cref="IOException"/> on a cut frame, an unknown kind or a length out of bounds.
    /// </summary>
    public static (RemoteFrameKind Kind, byte[] Payload)? Read(Stream stream, int maxPayload = MaxPayloadBytes)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        int got = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        if (got == 0)
            return null;
        if (got < HeaderBytes)
            throw new IOException("the byte channel closed inside a frame header");
        var (kind, length) = Parse(header, maxPayload);
        var payload = new byte[length];
        if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length)
            throw new IOException($"the byte channel closed inside a {kind} frame");
        return (kind, payload);
    }

    /// <summary>The payload of a <see cref="RemoteFrameKind.Read"/>.</summary>
    public static byte[] ReadRequest(long offset, int length)
    {
        var payload = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(payload, offset);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), length);
        return payload;
    }

    /// <summary>
    /// Offset and length of a <see cref="RemoteFrameKind.Read"/> payload, checked: a negative offset, a length
    /// outside 1..<see cref="MaxReadBytes"/> or a malformed payload is refused with <see cref="IOException"/>.
    /// </summary>
    public static (long Offset, int Length) ParseReadRequest(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 12)
            throw new IOException($"a read request is 12 bytes, not {payload.Length}");
        long offset = BinaryPrimitives.ReadInt64LittleEndian(payload);
        int length = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
        if (offset < 0)
            throw new IOException($"a read at offset {offset} is refused");
        if (length is <= 0 or > MaxReadBytes)
            throw new IOException($"a read of {length} bytes is refused (1..{MaxReadBytes})");
        return (offset, length);
    }

    /// <summary>The payload of a <see cref="RemoteFrameKind.Hello"/>.</summary>
    public static byte[] Hello(long length, string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        var payload = new byte[8 + utf8.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, length);
        utf8.CopyTo(payload, 8);
        return payload;
    }

    /// <summary>Length and name from a <see cref="RemoteFrameKind.Hello"/> payload.</summary>
    public static (long Length, string Name) ParseHello(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 8)
            throw new IOException("the byte channel's hello is cut");
        long length = BinaryPrimitives.ReadInt64LittleEndian(payload);
        if (length < 0)
            throw new IOException($"the byte channel announced a source of {length} bytes");
        return (length, System.Text.Encoding.UTF8.GetString(payload[8..]));
    }

    private static (RemoteFrameKind Kind, int Length) Parse(ReadOnlySpan<byte> header, int maxPayload)
    {
        var kind = (RemoteFrameKind)header[0];
        if (!Enum.IsDefined(kind))
            throw new IOException($"unknown frame kind {header[0]} on the byte channel");
        int length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (length < 0 || length > maxPayload)
            throw new IOException($"a {kind} frame of {length} bytes is refused (at most {maxPayload})");
        return (kind, length);
    }
}
