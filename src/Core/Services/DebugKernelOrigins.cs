namespace Crashdesk.Core.Services;

/// <summary>What a debug kernel's origin says: <see cref="Upload"/>, or else the debuginfod URL it was fetched from.</summary>
public static class DebugKernelOrigins
{
    public const string Upload = Domain.DebugKernelEntry.UploadOrigin;
}
