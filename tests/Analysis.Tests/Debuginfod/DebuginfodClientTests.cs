using Crashdesk.Analysis.Debuginfod;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Tests.Support;
using TestFixtures = Crashdesk.Analysis.Tests.Support.Fixtures;

namespace Crashdesk.Analysis.Tests.Debuginfod;

/// <summary>The debuginfod client against Debian's real debuginfod serving the mini fixture vmlinux.</summary>
public class DebuginfodClientTests
{
    [Fact]
    public async Task Fetches_by_build_id_caches_and_reports_missing_ids()
    {
        string vmlinux = TestFixtures.Vmlinux("mini-6.1-lockdep");
        string buildId = DebugKernels.Get("mini-6.1-lockdep").Identity.BuildId!;
        // The build-id a dump of this kernel expects (reference data), not our own reading.
        string expected = DebugKernels.VmcoreInfoValue(TestFixtures.DumpFile(Path.Combine(TestFixtures.Dumps, "mini-6.1-lockdep", "sysrq-c", "kdump-zlib")), "BUILD-ID");
        Assert.Equal(expected, buildId);
        using var server = new DebuginfodServer(vmlinux);
        await server.WaitUntilServedAsync(buildId, TimeSpan.FromMinutes(3));
        string cache = Path.Combine(server.Directory, "cache");
        var dead = new Uri("http://127.0.0.1:1/"); // nothing listens on port 1: the client must move on
        var client = new DebuginfodClient(new DebuginfodOptions { Servers = [dead, server.Url], CacheDirectory = cache, ConnectTimeout = TimeSpan.FromSeconds(5) });

        string? path = await client.FetchDebugInfoAsync(buildId.ToUpperInvariant());
        Assert.Equal(Path.Combine(cache, buildId, "debuginfo"), path);
        Assert.Equal(new FileInfo(vmlinux).Length, new FileInfo(path!).Length);
        using (var fetched = DebugKernel.Open(path!))
            Assert.Equal(expected, fetched.Identity.BuildId);

        Assert.Null(await client.FetchDebugInfoAsync("00112233445566778899aabbccddeeff00112233"));

        // A second client pointed only at a dead server still finds it in the cache.
        var offline = new DebuginfodClient(new DebuginfodOptions { Servers = [dead], CacheDirectory = cache, ConnectTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(path, await offline.FetchDebugInfoAsync(buildId));

        // The size limit stops a download and leaves nothing behind.
        string small = Path.Combine(server.Directory, "small");
        var limited = new DebuginfodClient(new DebuginfodOptions { Servers = [server.Url], CacheDirectory = small, MaxBytes = 1 << 20 });
        await Assert.ThrowsAsync<IOException>(() => limited.FetchDebugInfoAsync(buildId));
        Assert.False(File.Exists(limited.CachePath(buildId)));
        Assert.Empty(Directory.Exists(small) ? Directory.GetFiles(small, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void Urls_parse_like_DEBUGINFOD_URLS()
    {
        var urls = DebuginfodOptions.ParseUrls(" https://debuginfod.debian.net  http://127.0.0.1:8002/ ftp://x ");
        Assert.Equal(["https://debuginfod.debian.net/", "http://127.0.0.1:8002/"], urls.Select(u => u.ToString()));
    }

    [Fact]
    public async Task Every_server_down_is_an_error_not_a_miss()
    {
        var client = new DebuginfodClient(new DebuginfodOptions { Servers = [new Uri("http://127.0.0.1:1/")], CacheDirectory = Path.Combine(Path.GetTempPath(), "crashdesk-none-" + Guid.NewGuid().ToString("N")), ConnectTimeout = TimeSpan.FromSeconds(2) });
        await Assert.ThrowsAsync<IOException>(() => client.FetchDebugInfoAsync("35567b9db85e8c6d87ad028830b03acca0aad928"));
    }
}
