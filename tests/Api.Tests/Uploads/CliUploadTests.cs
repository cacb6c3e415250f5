using System.Diagnostics;
using System.Security.Cryptography;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
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
        // The triage excerpt went first, then the dump: two artifacts, each with its analysis.
        var excerpt = await db.Artifacts.SingleAsync(a => a.CaseId == caseId && a.FileName == "dump.zlib.triage");
        var artifact = await db.Artifacts.SingleAsync(a => a.CaseId == caseId && a.FileName == "dump.zlib");
        Assert.True(excerpt.UploadedAt <= artifact.UploadedAt);
        Assert.True(excerpt.Size * 10 < artifact.Size, $"the excerpt is {excerpt.Size} bytes of {artifact.Size}");
        var job = await db.AnalysisJobs.SingleAsync(j => j.ArtifactId == artifact.Id);
        var excerptJob = await db.AnalysisJobs.SingleAsync(j => j.ArtifactId == excerpt.Id);
        Assert.Contains($"triage-excerpt {excerpt.Id}", stdout);
        Assert.Contains($"triage-analysis {excerptJob.Id}", stdout);
        Assert.Contains($"artifact {artifact.Id}", stdout);
        Assert.Contains($"analysis {job.Id}", stdout);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dump))), artifact.Sha256);
        Assert.Equal("", File.ReadAllText(state).Trim()); // the finished upload is forgotten
    }

    /// <summary>
    /// Early triage: `--triage-only` sends the excerpt alone; the worker's log pass on it gives the case crash's panic
    /// line (meta.json) while nothing of the dump itself has been sent; the dump sent later gets the whole analysis.
    /// </summary>
    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib")]
    [InlineData("mini-6.1-lockdep/sysrq-c/kdump-flat")]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31")]
    public async Task The_triage_excerpt_sent_first_shows_the_panic_line_before_the_dump_is_sent(string fixture)
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        int port = LiveServer.Start(factory);
        var (_, key) = await factory.CreateTenantAsync();
        using var api = LiveServer.Client(port, key);
        var caseId = await CaseFlow.CreateCaseAsync(api, "early triage");
        string dump = TestFixtures.DumpFile(fixture);
        string state = Path.Combine(TestStores.TempDirectory(), "uploads");
        string[] common = ["upload", "--server", $"http://127.0.0.1:{port}", "--case", caseId.ToString(), "--state-file", state];

        var (exit, stdout, stderr) = await RunCliAsync(key, [.. common, "--triage-only", dump]);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("triage-excerpt ", stdout);
        Assert.DoesNotContain("\nartifact ", "\n" + stdout);
        await CaseFlow.WaitForAnalysesAsync(api, caseId, 1, "the triage excerpt");
        var early = await api.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        string panic = File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "meta.json")) is var meta
            ? System.Text.Json.JsonDocument.Parse(meta).RootElement.GetProperty("crash_panic").GetString()! : "";
        Assert.Equal(panic, early!.Report.PanicLine);
        Assert.Equal(Path.GetFileName(dump), early.Report.Excerpt!.DumpFileName);
        Assert.Equal(new FileInfo(dump).Length, early.Report.Excerpt.DumpBytes);
        Assert.NotNull(early.Report.Triage?.Primary);
        var details = await api.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.Equal(panic, details!.PanicLine);
        Assert.Single(details.Artifacts);

        (exit, stdout, stderr) = await RunCliAsync(key, [.. common, "--no-triage-first", dump]);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        await CaseFlow.WaitForAnalysesAsync(api, caseId, 2, "the dump");
        var whole = await api.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{caseId}/report", Json.Web);
        Assert.Equal(2, whole!.Version);
        Assert.Null(whole.Report.Excerpt);
        Assert.Equal(panic, whole.Report.PanicLine);
        Assert.Equal(early.Report.Triage!.Primary!.Signature, whole.Report.Triage!.Primary!.Signature);
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
