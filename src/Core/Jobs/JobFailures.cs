using Crashdesk.Analysis;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Which failures end a job and which are retried. Permanent: the input itself is bad — the engine's
/// "mine but broken" (<see cref="DumpFormatException"/>), "unsupported" (<see cref="NotSupportedException"/>),
/// undecodable data, a rejected debug kernel, an engine process that crashed or went past a limit on this dump, an object that is gone or does not hold what its row says. Running it again gives the
/// same answer, so the row ends failed with the reason. Everything else (the database, the object
/// store, a bug) is transient: retried with back-off up to <c>Worker:MaxAttempts</c>.
/// </summary>
public static class JobFailures
{
    public static bool IsPermanent(Exception e) => e is DumpFormatException or NotSupportedException or InvalidDataException
        or EndOfStreamException or Analyses.Engines.EngineProcessFailedException or DebugKernelRejectedException or BlobNotFoundException or BlobTooLargeException or StoredObjectCorruptException;

    /// <summary>
    /// The message people read on the row: what is wrong, never a .NET type name. Internal names the
    /// uploader does not know (the storage key, a temporary copy) are replaced by the file name.
    /// </summary>
    public static string Describe(Exception e, string? internalName = null, string? fileName = null)
    {
        var message = e switch
        {
            BlobNotFoundException => "the stored file is missing from the object store",
            // The SDK's own text ("An error occurred while sending the request") names neither the store nor the cause.
            _ when StoreUnreachableException.IsUnreachable(e) => StoreUnreachableException.Describe(e),
            _ => e.Message,
        };
        if (internalName is { Length: > 0 } && fileName is { Length: > 0 })
            message = message.Replace(internalName, fileName, StringComparison.Ordinal);
        if (fileName is { Length: > 0 } && !message.Contains(fileName, StringComparison.Ordinal))
            message = $"{fileName}: {message}";
        return message;
    }
}
