namespace Crashdesk.Core.Services;

/// <summary>How an upload ended.</summary>
public enum UploadStatus
{
    Stored,
    CaseNotFound,
    InvalidFileName,
    TooLarge,
}
