using System.Net.Http;
using System.Net.Sockets;

namespace Crashdesk.Core.Storage;

/// <summary>
/// The object store could not be reached while an upload was being written (refused, reset, timed out): nothing of
/// that request was kept, and it can be sent again (a resumable upload: resumed) once the store answers. The message
/// names the uploader's file.
/// </summary>
public sealed class StoreUnreachableException : Exception
{
    /// <summary>A whole upload (one PUT) that the store did not take: nothing of it was kept.</summary>
    public StoreUnreachableException(string fileName, Exception inner)
        : this(fileName, $"{fileName} could not be stored: {Describe(inner)}; nothing was kept. Send it again in a minute.", inner)
    {
    }

    private StoreUnreachableException(string fileName, string message, Exception inner)
        : base(message, inner) => FileName = fileName;

    /// <summary>A resumable upload's request the store stopped taking: what was staged (HEAD's offset) still holds.</summary>
    public static StoreUnreachableException Resumable(string fileName, Exception inner) =>
        new(fileName, $"{fileName}: {Describe(inner)}; the upload holds what was staged before it stopped. Ask HEAD for the offset and resume from there in a minute.", inner);

    /// <summary>The file whose upload was cut off.</summary>
    public string FileName { get; }

    /// <summary>
    /// Whether <paramref name="e"/> is the store's link failing: an HTTP request that never got an answer anywhere in
    /// its chain (the Minio SDK wraps it in its own exceptions; the store is the service's only HTTP peer on these
    /// paths, while the database's socket errors come as Npgsql's). A store that answered with an S3 error, or the
    /// uploader's own body breaking off, is something else.
    /// </summary>
    public static bool IsUnreachable(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or Minio.Exceptions.ConnectionException)
                return true;
        }
        return false;
    }

    /// <summary>What people read for an unreachable store: "the object store did not answer (connection reset)".</summary>
    public static string Describe(Exception e) => $"the object store did not answer ({Reason(e)})";

    private static string Reason(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is SocketException socket)
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.TimedOut => "timed out",
                    _ => socket.Message,
                };
        }
        return "no answer";
    }
}
