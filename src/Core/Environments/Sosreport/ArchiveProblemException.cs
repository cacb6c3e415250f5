namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// What the tar layer or the metering found wrong, in the user's words but without the file name;
/// <see cref="SosreportScan"/> turns it into a <see cref="SosreportRejectedException"/> that names the
/// file and the member. Never leaves the reader.
/// </summary>
internal sealed class ArchiveProblemException(string problem, bool notTar = false) : Exception(problem)
{
    /// <summary>True when the data is not a tar archive at all (its first header is not one).</summary>
    public bool NotTar { get; } = notTar;
}
