namespace Crashdesk.Core.Domain;

/// <summary>
/// pending → ready | failed | duplicate (the organisation already has a ready entry with the same
/// build-id: that one is used). Stored as lower-case text.
/// </summary>
public enum DebugKernelStatus
{
    Pending,
    Ready,
    Failed,
    Duplicate,
}
