namespace Crashdesk.Core.Storage;

/// <summary>What a streamed write stored: byte count and lower-case hex SHA-256.</summary>
public sealed record BlobWriteResult(long Size, string Sha256);
