namespace Crashdesk.Core.Services;

/// <summary>
/// An artifact being downloaded: its file name, size, SHA-256 (hex, as computed at upload) and content, a
/// seekable stream so ranges are served without reading from the start (the caller disposes it).
/// </summary>
public sealed record ArtifactDownload(string FileName, long Size, string Sha256, DateTimeOffset UploadedAt, Stream Content);
