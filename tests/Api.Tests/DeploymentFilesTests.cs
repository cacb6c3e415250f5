using System.Diagnostics;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>docker-compose.yml is valid for Debian's docker-compose (no Docker engine runs here, so config only).</summary>
public sealed class DeploymentFilesTests
{
    [Fact]
    public async Task Docker_compose_file_is_valid()
    {
        var root = TestFixtures.RepositoryRoot();
        var start = new ProcessStartInfo("docker-compose", ["-f", "docker-compose.yml", "config", "-q"])
        {
            WorkingDirectory = root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker-compose (./test.sh installs it)");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker-compose config -q failed ({process.ExitCode}): {errors}");
    }

    [Fact]
    public async Task Compose_runs_two_workers_by_default()
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", "docker-compose.yml", "config"])
        {
            WorkingDirectory = TestFixtures.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start docker-compose");
        var config = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // docker-compose's normalised output: the worker service block, up to the next service.
        int worker = config.IndexOf("\n  worker:\n", StringComparison.Ordinal);
        Assert.True(worker >= 0, config);
        var block = config[worker..];
        int next = block.IndexOf("\nvolumes:", StringComparison.Ordinal);
        Assert.Contains("    scale: 2\n", next < 0 ? block : block[..next]);
    }

    [Fact]
    public void Compose_has_every_service_of_the_production_shape()
    {
        var text = File.ReadAllText(Path.Combine(TestFixtures.RepositoryRoot(), "docker-compose.yml"));
        foreach (var service in new[] { "postgres:", "minio:", "minio-setup:", "migrate:", "api:", "worker:" })
            Assert.Contains($"\n  {service}", text);
    }
}
