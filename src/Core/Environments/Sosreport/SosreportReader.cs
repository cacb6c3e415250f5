namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// Reads an uploaded sosreport (sos report, <c>sosreport-&lt;host&gt;-&lt;date&gt;-&lt;id&gt;.tar.xz</c>)
/// into an <see cref="EnvironmentDocument"/> whose facts carry <see cref="FactSources.Sosreport"/>:
/// kernel (uname), distribution (os-release), packages (dpkg -l / rpm -qa), CPU (lscpu), firmware
/// (dmidecode), boot command line, sysctls, modules (lsmod + modinfo), memory, host name, time zone,
/// SELinux/AppArmor. The archive is read once, as a stream (tar, tar.xz, tar.gz, tar.bz2, told by its
/// first bytes), and never extracted: nothing is written anywhere, only the members parsed are kept
/// in memory, each capped. An unsafe or damaged archive is refused as a whole with a
/// <see cref="SosreportRejectedException"/> (<see cref="SosreportLimits"/> for what is accepted).
/// </summary>
public static class SosreportReader
{
    /// <param name="archive">The upload, read forward once; need not be seekable; left open.</param>
    /// <param name="fileName">The user's name for the file, for messages.</param>
    /// <param name="at">When it was read (the facts' time).</param>
    /// <param name="limits">What is accepted (<see cref="SosreportLimits.Default"/>).</param>
    /// <exception cref="SosreportRejectedException">Not a sosreport, damaged, or over a limit; the message says which, naming the file and the member.</exception>
    public static async Task<EnvironmentDocument> ReadAsync(Stream archive, string fileName, DateTimeOffset at, SosreportLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(limits);
        var contents = await SosreportScan.ScanAsync(archive, fileName, limits, ct).ConfigureAwait(false);
        var reading = new EnvironmentReading(FactSources.Sosreport, at);
        new SosreportFacts(contents, reading, limits).Fill();
        return reading.Build();
    }
}
