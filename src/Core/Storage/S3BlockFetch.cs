namespace Crashdesk.Core.Storage;

/// <summary>
/// One ranged GET of <see cref="S3ByteSource"/> and the read that caused it (for measurements:
/// what the engine asked for against what crossed the network).
/// </summary>
internal readonly record struct S3BlockFetch(long ReadOffset, int ReadLength, long Start, int Length, int ReadAheadBytes);
