using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>
/// Section "Analysis:Engine": where a worker runs the engine. In a child process of the NativeAOT CLI
/// (`crashdesk engine`) an access violation in a native decompressor, a runaway loop or a memory blow-up on a
/// hostile dump ends that one analysis, not the worker, and the first analysis after a start costs no JIT.
/// </summary>
public sealed class AnalysisEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Analysis:Engine";

    /// <summary>
    /// <see cref="AnalysisEngineMode.Auto"/> (the default): a child process when the engine binary is at
    /// <see cref="Path"/>, else in this process with a warning at start.
    /// </summary>
    public AnalysisEngineMode Mode { get; set; } = AnalysisEngineMode.Auto;

    /// <summary>
    /// The engine binary (the NativeAOT `crashdesk`); empty: <c>engine/crashdesk</c> beside the host's own
    /// files, where the container image puts it (<see cref="ResolvedPath"/>).
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>Wall time one analysis may take before its process tree is killed (a hang, or a dump that reads forever).</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan WallTimeLimit { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>CPU time (all threads) one analysis may use: RLIMIT_CPU, set by the engine process on itself.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan CpuTimeLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The engine process's managed heap limit (the GC's hard limit, DOTNET_GCHeapHardLimit): 4 GiB.</summary>
    [Range(64L << 20, 1L << 40)]
    public long MemoryLimitBytes { get; set; } = 4L << 30;

    /// <summary><see cref="Path"/>, or the default beside the host's files when it is empty.</summary>
    public string ResolvedPath => string.IsNullOrWhiteSpace(Path)
        ? System.IO.Path.Combine(AppContext.BaseDirectory, "engine", "crashdesk")
        : System.IO.Path.GetFullPath(Path);
}

/// <summary>Where the worker runs the engine (<see cref="AnalysisEngineOptions.Mode"/>).</summary>
public enum AnalysisEngineMode
{
    /// <summary>A child process when the engine binary exists, else in this process (a warning at start).</summary>
    Auto,

    /// <summary>In the worker's own process (the CLI's way; a development build without the published engine).</summary>
    InProcess,

    /// <summary>A child process per analysis; the host refuses to start without the engine binary.</summary>
    ChildProcess,
}
