using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>The `.debug_frame` section of a debug kernel, for the unwinder's CFI fallback.</summary>
public static class DebugFrameSource
{
    /// <summary>The section's bytes, or null when the debug info is not a vmlinux (a profile) or lacks it.</summary>
    public static ReadOnlyMemory<byte>? From(IKernelDebugInfo info) =>
        info is DebugKernel kernel && kernel.Image.GetContents(".debug_frame") is { Length: > 0 } bytes ? bytes : null;
}
