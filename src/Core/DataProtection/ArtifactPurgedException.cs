namespace Crashdesk.Core.DataProtection;

/// <summary>The artifact's object was deleted by the retention policy: a download is answered 410 Gone with this message.</summary>
public sealed class ArtifactPurgedException(string fileName, DateTimeOffset purgedAt, string? reason)
    : Exception($"{fileName} was {reason ?? "purged"} on {purgedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; its reports, notes and environment are kept, the file itself is gone.")
{
    public string FileName { get; } = fileName;
}
