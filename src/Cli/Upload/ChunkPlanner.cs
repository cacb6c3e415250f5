namespace Crashdesk.Cli.Upload;

/// <summary>
/// Which bytes to send next. tus core is strictly sequential, so today's one planner sends from the server's offset;
/// the seam is here for a later one that sends the ranges triage needs first (on a protocol that allows it).
/// </summary>
internal interface IChunkPlanner
{
    /// <summary>The next range to PATCH, given the server's offset; null when the file is all sent.</summary>
    (long Offset, int Count)? Next(long serverOffset, long length, int chunkBytes);
}

internal sealed class SequentialChunks : IChunkPlanner
{
    public (long Offset, int Count)? Next(long serverOffset, long length, int chunkBytes) =>
        serverOffset >= length ? null : (serverOffset, (int)Math.Min(chunkBytes, length - serverOffset));
}
