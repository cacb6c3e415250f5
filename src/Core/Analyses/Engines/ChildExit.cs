using System.Globalization;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Engine;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// How an engine process ended, and the exception that ends the job for it. A signal or a limit on this dump
/// is permanent (<see cref="EngineProcessFailedException"/>: running it again crashes again) — except SIGKILL,
/// SIGTERM and SIGINT not sent by a limit, which come from outside (the machine's OOM killer, a shutdown) and are
/// retried. A failure the engine reported becomes the exception type it was, so <see cref="Jobs.JobFailures"/>
/// judges it as it would in the worker's own process.
/// </summary>
/// <param name="exitCode">The process's exit code; .NET reports a death by signal N as 128 + N.</param>
/// <param name="file">The uploaded file's name, for the messages.</param>
/// <param name="options">The limits it ran under.</param>
internal sealed class ChildExit(int exitCode, string file, AnalysisEngineOptions options)
{
    /// <summary>The signal that ended it, or null when it exited.</summary>
    public int? Signal { get; } = exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : null;

    /// <summary>The exception for a death by <see cref="Signal"/>.</summary>
    public Exception SignalFailure()
    {
        int signal = Signal ?? throw new InvalidOperationException("the engine exited; it was not signalled");
        string name = UnixSignals.Name(signal);
        if (signal == UnixSignals.SigXcpu)
            return new EngineProcessFailedException(string.Create(CultureInfo.InvariantCulture,
                $"the engine exceeded its CPU time limit of {options.CpuTimeLimit.TotalSeconds:0} s ({AnalysisEngineOptions.Section}:CpuTimeLimit) while analysing {file}"));
        if (signal is UnixSignals.SigKill or 15 or 2)
            return new EngineReportedException(EngineFailureKinds.Other,
                $"the engine was stopped from outside ({name}) while analysing {file}: the machine's out-of-memory killer or a shutdown; it is tried again");
        return new EngineProcessFailedException($"the engine crashed while analysing {file} ({name}); the dump is kept for a bug report");
    }

    /// <summary>The exception for a failure the engine reported in its envelope.</summary>
    public Exception EnvelopeFailure(EngineFailure failure) => failure.Kind switch
    {
        EngineFailureKinds.DumpFormat => new DumpFormatException(failure.Message),
        EngineFailureKinds.NotSupported => new NotSupportedException(failure.Message),
        EngineFailureKinds.InvalidData => new InvalidDataException(failure.Message),
        EngineFailureKinds.EndOfStream => new EndOfStreamException(failure.Message),
        EngineFailureKinds.OutOfMemory => new EngineProcessFailedException(string.Create(CultureInfo.InvariantCulture,
            $"the engine exceeded its memory limit of {options.MemoryLimitBytes >> 20} MiB ({AnalysisEngineOptions.Section}:MemoryLimitBytes) while analysing {file}")),
        _ => new EngineReportedException(failure.Kind, failure.Message),
    };
}
