namespace Crashdesk.Core.Services;

/// <summary>An artifact being downloaded: its file name, size and content (the caller disposes it).</summary>
public sealed record ArtifactDownload(string FileName, long Size, Stream Content);
