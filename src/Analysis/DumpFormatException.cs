namespace Crashdesk.Analysis;

/// <summary>
/// The input is recognised as a given format but is corrupt: the message names the field, the
/// value found and where (file offset or address), so a support engineer can check it by hand.
/// </summary>
public sealed class DumpFormatException : Exception
{
    /// <summary>Creates the exception with a message that already names what is wrong.</summary>
    public DumpFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message that already names what is wrong, and its cause.</summary>
    public DumpFormatException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>The corrupt field (e.g. "disk_dump_header.block_size"), when known.</summary>
    public string? Field { get; init; }

    /// <summary>The file offset (or address) the field was read from, when known.</summary>
    public long? Offset { get; init; }

    /// <summary>Builds "format: field = value at offset 0x..: reason".</summary>
    public static DumpFormatException ForField(string format, string field, object? value, long offset, string reason) =>
        new($"{format}: {field} = {value} at file offset 0x{offset:x}: {reason}") { Field = field, Offset = offset };
}
