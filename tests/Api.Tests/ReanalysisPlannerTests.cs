using Crashdesk.Analysis.Reports;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crashdesk.Api.Tests;

/// <summary>
/// The race <see cref="ReanalysisPlanner.QueueIfMissedAsync"/> closes, on the Api host's real
/// services (PostgreSQL, Hangfire storage): an analysis that started before a matching debug kernel
/// became ready gets one more analysis; one that started after it, or that refused it, does not.
/// </summary>
public sealed class ReanalysisPlannerTests
{
    private const string BuildId = "35567b9db85e8c6d87ad028830b03acca0aad928";
    private static readonly DateTimeOffset _started = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(+1, false, true)]
    [InlineData(-1, false, false)]
    [InlineData(+1, true, false)]
    public async Task An_analysis_that_missed_a_debug_kernel_becoming_ready_is_queued_again(int readyAfterStartSeconds, bool refused, bool expected)
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (caller, _) = await factory.CreateTenantAsync();
        var (job, kernelId) = await SeedAsync(factory, caller.OrganizationId, _started.AddSeconds(readyAfterStartSeconds));
        var result = new ArtifactAnalysisResult(
            new AnalysisReport { Dump = new DumpSummary { Format = "kdump", BuildId = BuildId } }, IsLog: false, BuildId,
            new DebugKernelUsage
            {
                Used = false,
                Description = DebugKernelUsage.NoneDescription,
                Mismatches = refused ? [new DebugKernelMismatch("vmlinux", kernelId, BuildId, "debug kernel build-id …, dump expects …")] : [],
            });

        bool queued;
        await using (var scope = factory.Services.CreateAsyncScope())
            queued = await scope.ServiceProvider.GetRequiredService<ReanalysisPlanner>().QueueIfMissedAsync(job.Id, result, CancellationToken.None);

        Assert.Equal(expected, queued);
        await using var context = factory.Database.CreateContext();
        var jobs = await context.AnalysisJobs.Where(j => j.CaseId == job.CaseId).ToListAsync();
        Assert.Equal(expected ? 2 : 1, jobs.Count);
        if (expected)
        {
            var again = jobs.Single(j => j.Id != job.Id);
            Assert.Equal(AnalysisJobStatus.Queued, again.Status);
            Assert.Equal(job.ArtifactId, again.ArtifactId);
            // The Hangfire job is in the shared storage, on the analysis queue, where any worker finds it.
            Assert.NotNull(again.QueueJobId);
            await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT queue FROM hangfire.jobqueue WHERE jobid = @id", connection);
            command.Parameters.AddWithValue("id", long.Parse(again.QueueJobId!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("analysis", (string?)await command.ExecuteScalarAsync());
        }
    }

    private static async Task<(AnalysisJob Job, Guid KernelId)> SeedAsync(ApiFactory factory, Guid organizationId, DateTimeOffset kernelReady)
    {
        await using var context = factory.Database.CreateContext();
        var entity = new Case { OrganizationId = organizationId, Title = "t", Customer = "c" };
        var artifact = new Artifact { CaseId = entity.Id, FileName = "dump", Kind = ArtifactKind.Vmcore, StorageKey = $"cases/{entity.Id:N}/artifacts/x", Sha256 = "" };
        var kernel = new Artifact { CaseId = entity.Id, FileName = "vmlinux", Kind = ArtifactKind.DebugKernel, StorageKey = $"cases/{entity.Id:N}/artifacts/y", Sha256 = "" };
        var job = new AnalysisJob { CaseId = entity.Id, ArtifactId = artifact.Id, Status = AnalysisJobStatus.Done, StartedAt = _started, FinishedAt = _started.AddSeconds(5) };
        var entry = new DebugKernelEntry
        {
            OrganizationId = organizationId, ArtifactId = kernel.Id, FileName = "vmlinux", StorageKey = kernel.StorageKey, Sha256 = "",
            Status = DebugKernelStatus.Ready, BuildId = BuildId, ProcessedAt = kernelReady,
        };
        context.Add(entity);
        await context.SaveChangesAsync();
        context.AddRange(artifact, kernel, job, entry);
        await context.SaveChangesAsync();
        return (job, entry.Id);
    }
}
