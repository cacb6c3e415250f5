using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Analysis.Reports;

/// <summary>
/// The engine's entry point for the service and the CLI: opens a dump from any byte source and
/// runs every extractor, recording failures instead of throwing for one broken part.
/// </summary>
public static class DumpAnalyzer
{
    /// <summary>
    /// Analyses the dump read from <paramref name="dump"/>. Throws <see cref="DumpFormatException"/>
    /// (corrupt) or <see cref="NotSupportedException"/> (not a dump / unsupported) only when the dump
    /// cannot be opened at all; a failing extractor becomes an <see cref="ExtractorFailure"/>.
    /// </summary>
    public static AnalysisReport Analyze(IByteSource dump, CancellationToken cancellationToken = default) =>
        Analyze(dump, null, cancellationToken);

    /// <summary>As <see cref="Analyze(IByteSource, CancellationToken)"/>, with explicit limits.</summary>
    public static AnalysisReport Analyze(IByteSource dump, AnalysisLimits? limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dump);
        cancellationToken.ThrowIfCancellationRequested();
        var target = KernelTarget.Open(dump, limits);
        return Analyze(target, cancellationToken);
    }

    /// <summary>Runs every extractor on an opened target.</summary>
    public static AnalysisReport Analyze(KernelTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var failures = new List<ExtractorFailure>();
        cancellationToken.ThrowIfCancellationRequested();
        KernelLog? log = Run("kernel-log", () => KernelLogExtractor.Extract(target), failures);
        cancellationToken.ThrowIfCancellationRequested();
        return new AnalysisReport
        {
            Dump = DumpSummaryBuilder.Build(target),
            KernelLog = log?.ToCrashText(),
            PanicLine = log is null ? null : PanicLineFinder.Find(log),
            Failures = failures,
        };
    }

    private static T? Run<T>(string extractor, Func<T> run, List<ExtractorFailure> failures) where T : class
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or Memory.MemoryNotPresentException or InvalidDataException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            failures.Add(new ExtractorFailure(extractor, e.Message));
            return null;
        }
    }
}
