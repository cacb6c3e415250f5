using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Engine;

/// <summary>
/// The kinds of <see cref="EngineFailure"/>: the engine's exception types, named so the service can raise the
/// same type again and its rules of what is permanent and what is retried apply as if the engine had run in it.
/// </summary>
public static class EngineFailureKinds
{
    /// <summary><see cref="DumpFormatException"/>: the dump is ours but broken.</summary>
    public const string DumpFormat = "dump-format";

    /// <summary><see cref="NotSupportedException"/>: a format or feature the engine does not read.</summary>
    public const string NotSupported = "not-supported";

    /// <summary><see cref="InvalidDataException"/>: undecodable data.</summary>
    public const string InvalidData = "invalid-data";

    /// <summary><see cref="EndOfStreamException"/>: the file ends early.</summary>
    public const string EndOfStream = "end-of-stream";

    /// <summary><see cref="MemoryNotPresentException"/>: memory the analysis needs is not in the dump.</summary>
    public const string MemoryNotPresent = "memory-not-present";

    /// <summary><see cref="IOException"/>: reading failed (through the byte channel: the service's store).</summary>
    public const string Io = "io";

    /// <summary><see cref="OutOfMemoryException"/>: the process's memory limit was reached.</summary>
    public const string OutOfMemory = "out-of-memory";

    /// <summary>Anything else: a bug of the engine.</summary>
    public const string Other = "other";

    /// <summary>The kind of <paramref name="e"/>.</summary>
    public static string Of(Exception e) => e switch
    {
        DumpFormatException => DumpFormat,
        NotSupportedException => NotSupported,
        InvalidDataException => InvalidData,
        EndOfStreamException => EndOfStream,
        MemoryNotPresentException => MemoryNotPresent,
        IOException => Io,
        OutOfMemoryException => OutOfMemory,
        _ => Other,
    };
}
