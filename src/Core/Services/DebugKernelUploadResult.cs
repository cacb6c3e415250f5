namespace Crashdesk.Core.Services;

/// <summary>The outcome of <see cref="IDebugKernelService.UploadAsync"/>: on <see cref="UploadStatus.Stored"/>, the new pending entry.</summary>
public sealed record DebugKernelUploadResult(UploadStatus Status, string? Message, DebugKernelView? DebugKernel);
