using Crashdesk.Analysis.Matching;

namespace Crashdesk.Analysis.Context;

/// <summary>
/// The debug kernel (vmlinux or profile) is not the dump's kernel: using it would give wrong
/// symbols and layouts, so it is refused. A <see cref="NotSupportedException"/> so every command
/// reports it as one line and exits non-zero; the service catches it to analyse without it.
/// </summary>
public sealed class KernelMismatchException(KernelMatchResult result) : NotSupportedException(result.Message)
{
    /// <summary>The pre-flight verdict and message ("debug kernel build-id X, dump expects Y").</summary>
    public KernelMatchResult Result { get; } = result;
}
