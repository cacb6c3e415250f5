using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// A real sosreport of this machine, made once per test run by Debian's sos (`sos report --batch`,
/// the plugins whose members the reader parses) in a temporary directory that is removed when the
/// test process ends. About three seconds; every test that needs it shares the one archive.
/// </summary>
internal static class RealSosreport
{
    /// <summary>The plugins asked for; selinux and apparmor are left out on purpose (their gap is tested).</summary>
    public const string Plugins = "kernel,dpkg,processor,hardware,host,system,release,memory,date";

    private static readonly Lazy<Task<RealSosreportArchive>> _made = new(() => Task.Run(Make));

    private static readonly Lazy<Task<EnvironmentDocument>> _read = new(async () =>
    {
        var archive = await GetAsync();
        return await SosreportReader.ReadAsync(new MemoryStream(archive.Bytes, writable: false), archive.FileName, At, SosreportLimits.Default, CancellationToken.None);
    });

    /// <summary>The time the shared reading is stamped with.</summary>
    public static readonly DateTimeOffset At = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    public static Task<RealSosreportArchive> GetAsync() => _made.Value;

    /// <summary>The archive read by <see cref="SosreportReader"/> once, with the default limits, at <see cref="At"/>.</summary>
    public static Task<EnvironmentDocument> DocumentAsync() => _read.Value;

    private static RealSosreportArchive Make()
    {
        string directory = Path.Combine(Path.GetTempPath(), "crashdesk-tests", "sosreport-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { System.IO.Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        Programs.Try("sos", "report", "--batch", "--tmp-dir", directory, "-o", Plugins).Output();
        string archive = System.IO.Directory.GetFiles(directory, "sosreport-*.tar.xz").Single();
        return new RealSosreportArchive(Path.GetFileName(archive), File.ReadAllBytes(archive));
    }
}

/// <param name="FileName">sos's name for it (<c>sosreport-&lt;host&gt;-&lt;date&gt;-&lt;id&gt;.tar.xz</c>).</param>
/// <param name="Bytes">The archive as sos wrote it (xz).</param>
internal sealed record RealSosreportArchive(string FileName, byte[] Bytes);
