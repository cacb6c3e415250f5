using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Consoles;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Crashdesk.Core.Tests.Consoles;

/// <summary>
/// One database and one worker for the console tests: a case whose Debian sysrq-c dump was analysed by the
/// real pipeline, people of each role, and the console's worker loop running (crash's commands plus the
/// named fake <see cref="FakeSpinCommand"/>, which only waits to be stopped).
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    public const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";
    public const string FileName = "vmcore-sysrq.zlib";

    private readonly List<IHostedService> _started = [];

    public TestDatabase Db { get; private set; } = null!;

    public CoreHost Host { get; private set; } = null!;

    public Guid OrganizationId { get; private set; }

    public Guid CaseId { get; private set; }

    public Guid EmptyCaseId { get; private set; }

    public Caller Engineer { get; private set; } = null!;

    public Caller Admin { get; private set; } = null!;

    public Caller Customer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Host = CoreHost.Create(Db, Settings(), services: s =>
        {
            s.Replace(ServiceDescriptor.Singleton(new ShellCommandSet([.. CrashCommands.Default.All, new FakeSpinCommand()])));
            s.AddCrashdeskConsoleWorker();
        });
        await SeedAsync();
        await Host.Get<QueuedJob<AnalyzeArtifactWork>>().RunAsync(JobQueues.Analysis, _jobId, CancellationToken.None);
        foreach (var service in Host.Services.GetServices<IHostedService>().Where(s => s is ConsoleCommandFeed or ConsoleHost))
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    /// <summary>The host's configuration: a short time cap (a test of it waits that long), quick polls, the local store.</summary>
    protected virtual Dictionary<string, string?> Settings() => new()
    {
        ["Console:CommandTimeout"] = "00:00:05",
        ["Console:PollInterval"] = "00:00:00.200",
    };

    public virtual async Task DisposeAsync()
    {
        foreach (var service in _started)
            await service.StopAsync(CancellationToken.None);
        await Host.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>Runs a line as <paramref name="caller"/> and waits for its end.</summary>
    public async Task<ConsoleCommandView> RunAsync(Caller caller, string line, Guid? caseId = null)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var console = scope.ServiceProvider.GetRequiredService<IConsoleService>();
        var queued = await console.SubmitAsync(caller, caseId ?? CaseId, line, ConsoleCommandKind.Run);
        var done = await console.WaitAsync(caller, caseId ?? CaseId, queued!.Id, TimeSpan.FromSeconds(60));
        Assert.True(done!.Finished, $"'{line}' did not finish in 60 s: {done.Status}");
        return done;
    }

    public async Task<T> WithConsoleAsync<T>(Func<IConsoleService, Task<T>> action)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IConsoleService>());
    }

    private Guid _jobId;

    private async Task SeedAsync()
    {
        await using var context = Db.CreateContext();
        var organization = new Organization { Name = $"org-{Guid.NewGuid():N}" };
        OrganizationId = organization.Id;
        var users = new[] { OrganizationRole.Engineer, OrganizationRole.Admin, OrganizationRole.Customer }
            .Select(role => (Role: role, User: new User { OrganizationId = organization.Id, Email = $"{role}-{Guid.NewGuid():N}@example.org".ToLowerInvariant(), DisplayName = $"{role} person" }))
            .ToList();
        var entity = new Case { OrganizationId = organization.Id, Title = "console", Customer = "c" };
        var empty = new Case { OrganizationId = organization.Id, Title = "no dump yet", Customer = "c" };
        context.AddRange(organization, entity, empty);
        foreach (var (role, user) in users)
            context.AddRange(user, new Membership { UserId = user.Id, OrganizationId = organization.Id, Role = role });
        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(entity.Id, artifactId);
        BlobWriteResult written;
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
            written = await Host.Get<IBlobStore>().WriteAsync(key, dump, long.MaxValue);
        var job = new AnalysisJob { CaseId = entity.Id, ArtifactId = artifactId };
        context.AddRange(new Artifact
        {
            Id = artifactId, CaseId = entity.Id, FileName = FileName, Kind = ArtifactKind.Vmcore,
            StorageKey = key, Size = written.Size, Sha256 = written.Sha256,
        }, job);
        await context.SaveChangesAsync();
        _jobId = job.Id;
        CaseId = entity.Id;
        EmptyCaseId = empty.Id;
        Caller Of(OrganizationRole role) => users.Single(u => u.Role == role) is var (r, u) ? new Caller(u.Id, organization.Id, u.Email, r) : null!;
        Engineer = Of(OrganizationRole.Engineer);
        Admin = Of(OrganizationRole.Admin);
        Customer = Of(OrganizationRole.Customer);
    }
}

/// <summary>A fake command for the plumbing's tests: prints one line, then waits until it is cancelled (bounded: 10 minutes).</summary>
internal sealed class FakeSpinCommand : IShellCommand
{
    public string Name => "fake-spin";

    public string Summary => "test fake: waits until cancelled";

    public string Usage => "fake-spin";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        output.WriteLine("spinning");
        cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMinutes(10));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
