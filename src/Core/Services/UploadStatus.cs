namespace Crashdesk.Core.Services;

/// <summary>How an upload ended.</summary>
public enum UploadStatus
{
    Stored,
    CaseNotFound,
    InvalidFileName,
    TooLarge,
    /// <summary>Declared a vmcore, but its first bytes prove it is none (empty, an archive, a vmlinux…): nothing stored.</summary>
    NotADump,
    /// <summary>The upload had no bytes at all (any kind): nothing stored.</summary>
    Empty,
}
