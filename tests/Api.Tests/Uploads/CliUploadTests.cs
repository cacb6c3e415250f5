using System.Diagnostics;
using System.Security.Cryptography;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Data;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Uploads;

/// <summary>`crashdesk upload` (the CLI's build output, as a process) against a running server: key from the environment, never printed.</summary>
public sealed class CliUploadTests
{
    [Fact]
    public async Task Crashdesk_upload_sends_a_dump_to_a_case_and_prints_the_artifact_and_its_analysis()
    {
        await using var factory = await ApiFactory.CreateAsync();
        int port = LiveServer.Start(factory);
        var (_, key) = await factory.CreateTenantAsync();
        using var api = LiveServer.Client(port, key);
        var caseId = await CaseFlow.CreateCaseAsync(api, "from the command line");
        string dump = TestFixtures.DumpFile("mini-6.1-lockdep/sysrq-c/kdump-zlib");
        string state = Path.Combine(TestStores.TempDirectory(), "uploads");

        var (exit, stdout, stderr) = await RunCliAsync(key, "upload", "--server", $"http://127.0.0.1:{port}", "--case", caseId.ToString(),
            "--kind", "vmcore", "--chunk-size", "1M", "--state-file", state, dump);

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.DoesNotContain(key, stdout + stderr);
        Assert.Contains("uploaded 100.0%", stderr); // plain progress lines: stderr is no terminal here
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
        var artifact = await db.Artifacts.SingleAsync(a => a.CaseId == caseId);
        var job = await db.AnalysisJobs.SingleAsync(j => j.ArtifactId == artifact.Id);
        Assert.Contains($"artifact {artifact.Id}", stdout);
        Assert.Contains($"analysis {job.Id}", stdout);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dump))), artifact.Sha256);
        Assert.Equal("", File.ReadAllText(state).Trim()); // the finished upload is forgotten
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(string apiKey, params string[] arguments)
    {
        string cli = Path.Combine(TestFixtures.RepositoryRoot(), "src", "Cli", "bin", "Release", "net10.0", "crashdesk.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["CRASHDESK_API_KEY"] = apiKey;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
