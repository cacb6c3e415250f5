using Crashdesk.TestSupport;
using Crashdesk.Web.Reports;

namespace Crashdesk.Web.Tests;

/// <summary>The log panel's colours, on real lines of the fixtures' crash `log` outputs.</summary>
public sealed class LogLineStyleTests
{
    [Theory]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", "BUG: kernel NULL pointer dereference", "cd-log-err")]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31", "WARNING: CPU: 3 PID: 1 at", "cd-log-warn")]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", "INFO: task sh:130 blocked for more than", "cd-log-warn")]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", "Call Trace:", "cd-log-trace")]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", "Linux version", null)]
    public void A_fixture_line_gets_its_colour(string fixture, string contains, string? expected)
    {
        string line = SharedFixtures.CrashLog(fixture).Split('\n').First(l => l.Contains(contains, StringComparison.Ordinal));
        Assert.Equal(expected, LogLineStyle.Of(line));
    }
}
