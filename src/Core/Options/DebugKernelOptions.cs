using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>Section "DebugKernels": the debug-kernel library and its profile builds.</summary>
public sealed class DebugKernelOptions
{
    public const string Section = "DebugKernels";

    /// <summary>
    /// Largest vmlinux accepted by the library endpoint and processed by the profile job, in bytes
    /// (default 4 GiB; distribution debug kernels are 0.2–1 GiB). The job copies the object to a
    /// temporary file of at most this size, because the DWARF reader maps a file.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Where the job puts its temporary copy of the vmlinux; empty = the system temp directory.</summary>
    public string TempDirectory { get; set; } = "";

    /// <summary>When a debug kernel becomes ready, re-analyse the organisation's cases whose latest dump has its build-id.</summary>
    public bool ReanalyseOnReady { get; set; } = true;
}
