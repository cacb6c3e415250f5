using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Reports;

/// <summary>
/// The engine's entry point for the service and the CLI: opens a dump from any byte source and
/// runs every extractor, recording failures instead of throwing for one broken part.
/// </summary>
public static class DumpAnalyzer
{
    /// <summary>Analyses the dump read from <paramref name="dump"/>.</summary>
    public static AnalysisReport Analyze(IByteSource dump, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dump);
        cancellationToken.ThrowIfCancellationRequested();
        // Placeholder until the format readers land (issue 3): the contract is the signature.
        throw new NotSupportedException("the dump readers have not landed yet");
    }
}
