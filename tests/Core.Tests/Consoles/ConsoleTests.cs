using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Shell;
using Crashdesk.Analysis.Shell.Commands;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Consoles;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Crashdesk.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Core.Tests.Consoles;

/// <summary>
/// The console service end to end on real PostgreSQL and the real worker loop: commands run on the stored
/// dump and print what the engine prints for the same file, the open dump is reused, Ctrl-C and the time cap
/// stop a command, every command and output is audited, customers get the console only when allowed.
/// </summary>
public sealed class ConsoleTests(ConsoleFixture f) : IClassFixture<ConsoleFixture>
{
    private const string NoKernel = "(no debug kernel: kallsyms and BTF from the dump)";

    [Fact]
    public async Task Sys_on_the_stored_dump_prints_what_the_shell_prints_on_the_file_and_a_second_command_reads_from_the_open_dump()
    {
        var first = await f.RunAsync(f.Engineer, "sys");
        var again = await f.RunAsync(f.Engineer, "sys");

        // The same engine on the fixture file itself: the service adds nothing and loses nothing (the
        // engine's sys is checked against crash's sys.txt by the Analysis tests).
        using var source = new FileByteSource(TestFixtures.DumpFile(ConsoleFixture.Fixture));
        var local = new CrashShell(KernelTarget.Open(source), null, new CrashShellNames(NoKernel, ConsoleFixture.FileName), CrashCommands.Default);
        Assert.Equal(ConsoleCommandStatus.Done, first.Status);
        Assert.Equal(local.Execute("sys").Text, first.Output);
        Assert.Equal(first.Output, again.Output);
        Assert.Contains("PANIC: \"Kernel panic - not syncing: sysrq triggered crash\"", first.Output, StringComparison.Ordinal);
        Assert.True(first.BytesRead > 0, "the first command opened the dump and read from the store");
        Assert.True(again.BytesRead < first.BytesRead / 10, $"the second sys read {again.BytesRead} bytes, the first {first.BytesRead}: the open dump was not reused");
        Assert.NotNull(first.DurationMs);
    }

    [Fact]
    public async Task A_command_and_its_output_are_in_the_audit_log_under_the_person_who_sent_it()
    {
        var done = await f.RunAsync(f.Engineer, "help");

        await using var db = f.Db.CreateContext();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.TargetId == done.Id).OrderBy(e => e.At).ToListAsync();
        Assert.Equal([AuditAction.ConsoleCommand, AuditAction.ConsoleOutput], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((f.Engineer.UserId, f.CaseId, f.OrganizationId), (e.ActorUserId!.Value, e.CaseId!.Value, e.OrganizationId)));
        var output = JsonSerializer.Deserialize<Dictionary<string, string>>(events[1].Detail!)!;
        Assert.Equal("help", output["command"]);
        Assert.Equal("done", output["status"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(done.Output!))), output["outputSha256"]);
        Assert.Equal(done.Output, output["output"]);
        Assert.Equal(ConsoleFixture.FileName, JsonSerializer.Deserialize<Dictionary<string, string>>(events[0].Detail!)!["dump"]);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_crashs_message_and_the_session_goes_on()
    {
        var wrong = await f.RunAsync(f.Engineer, "frobnicate");
        var right = await f.RunAsync(f.Engineer, "help sys");

        Assert.Equal(ConsoleCommandStatus.Failed, wrong.Status);
        Assert.Equal("crash: command not found: frobnicate", wrong.Error);
        Assert.Equal(ConsoleCommandStatus.Done, right.Status);
        Assert.Contains("SYNOPSIS", right.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_stops_a_running_command_with_what_it_printed_so_far()
    {
        var queued = await f.WithConsoleAsync(c => c.SubmitAsync(f.Engineer, f.CaseId, "fake-spin", ConsoleCommandKind.Run));
        await WaitForAsync(queued!.Id, ConsoleCommandStatus.Running);

        Assert.True(await f.WithConsoleAsync(c => c.CancelAsync(f.Engineer, f.CaseId, queued.Id)));
        var done = await f.WithConsoleAsync(c => c.WaitAsync(f.Engineer, f.CaseId, queued.Id, TimeSpan.FromSeconds(30)));

        Assert.Equal(ConsoleCommandStatus.Cancelled, done!.Status);
        Assert.Equal("cancelled", done.Error);
        Assert.Equal("spinning\n", done.Output);
        Assert.False(await f.WithConsoleAsync(c => c.CancelAsync(f.Engineer, f.CaseId, queued.Id)), "a finished command cannot be cancelled again");
    }

    [Fact]
    public async Task A_command_running_past_the_time_cap_is_stopped_and_says_so()
    {
        var done = await f.RunAsync(f.Engineer, "fake-spin");

        Assert.Equal(ConsoleCommandStatus.Cancelled, done.Status);
        Assert.Contains("time cap of 5 s (Console:CommandTimeout)", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_offers_the_commands_that_start_with_the_word()
    {
        var queued = await f.WithConsoleAsync(c => c.SubmitAsync(f.Engineer, f.CaseId, "he", ConsoleCommandKind.Complete));
        var done = await f.WithConsoleAsync(c => c.WaitAsync(f.Engineer, f.CaseId, queued!.Id, TimeSpan.FromSeconds(60)));

        Assert.Equal("help", done!.Output);
        var history = await f.WithConsoleAsync(c => c.HistoryAsync(f.Engineer, f.CaseId, 500));
        Assert.DoesNotContain(history!, h => h.Id == queued!.Id);
    }

    [Fact]
    public async Task The_first_word_completes_to_command_names_without_a_worker_and_later_words_on_the_worker()
    {
        var names = await f.WithConsoleAsync(c => c.CompleteAsync(f.Engineer, f.CaseId, "  s"));
        Assert.Equal(CrashCommands.Default.All.Select(c => c.Name).Where(n => n.StartsWith('s')).ToList(), names);
        Assert.Contains("sys", names!);
        // "help s…" completes on the worker: a real command row of kind Complete, not in the history.
        var later = await f.WithConsoleAsync(c => c.CompleteAsync(f.Engineer, f.CaseId, "help sy"));
        Assert.NotNull(later);
        Assert.Null(await f.WithConsoleAsync(c => c.CompleteAsync(f.Engineer, Guid.NewGuid(), "s")));
    }

    [Fact]
    public async Task A_customer_gets_the_console_only_once_the_organisation_allows_it()
    {
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => f.WithConsoleAsync(c => c.SubmitAsync(f.Customer, f.CaseId, "sys", ConsoleCommandKind.Run)));
        Assert.Contains("not opened the console to customer accounts", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ForbiddenException>(() => f.WithConsoleAsync(c => c.AccessAsync(f.Customer, f.CaseId)));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.WithConsoleAsync(c => c.HistoryAsync(f.Customer, f.CaseId, 10)));
        await Assert.ThrowsAsync<ForbiddenException>(() => f.WithConsoleAsync(c => c.CompleteAsync(f.Customer, f.CaseId, "s")));

        await using (var scope = f.Host.Services.CreateAsyncScope())
        {
            var policies = scope.ServiceProvider.GetRequiredService<IDataPolicyService>();
            await Assert.ThrowsAsync<ForbiddenException>(() => policies.SetConsoleAccessAsync(f.Engineer, true));
            Assert.True((await policies.SetConsoleAccessAsync(f.Admin, true)).Customers);
        }
        try
        {
            var done = await f.RunAsync(f.Customer, "help");
            Assert.Equal(ConsoleCommandStatus.Done, done.Status);
            // Each person has their own session and history.
            var engineers = await f.WithConsoleAsync(c => c.HistoryAsync(f.Engineer, f.CaseId, 500));
            Assert.DoesNotContain(engineers!, h => h.Id == done.Id);
            Assert.Null(await f.WithConsoleAsync(c => c.WaitAsync(f.Engineer, f.CaseId, done.Id, TimeSpan.Zero)));
        }
        finally
        {
            await using var scope = f.Host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IDataPolicyService>().SetConsoleAccessAsync(f.Admin, false);
        }
    }

    [Fact]
    public async Task A_case_without_an_analysed_dump_or_of_another_organisation_has_no_console()
    {
        var none = await Assert.ThrowsAsync<ConsoleUnavailableException>(() => f.WithConsoleAsync(c => c.SubmitAsync(f.Engineer, f.EmptyCaseId, "sys", ConsoleCommandKind.Run)));
        Assert.Contains("no analysed dump", none.Message, StringComparison.Ordinal);
        var stranger = f.Engineer with { OrganizationId = Guid.NewGuid() };
        Assert.Null(await f.WithConsoleAsync(c => c.SubmitAsync(stranger, f.CaseId, "sys", ConsoleCommandKind.Run)));
        Assert.Null(await f.WithConsoleAsync(c => c.AccessAsync(stranger, f.CaseId)));
    }

    [Theory]
    [InlineData("sys\nlog", "control characters")]
    [InlineData(null, "at most 1000 characters")]
    public async Task A_line_crash_would_not_read_is_refused_naming_why(string? line, string expected)
    {
        line ??= "rd " + new string('1', 1200);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => f.WithConsoleAsync(c => c.SubmitAsync(f.Engineer, f.CaseId, line, ConsoleCommandKind.Run)));
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_left_running_by_a_dead_worker_ends_failed_and_its_session_moves_on()
    {
        // A session another worker held and stopped renewing, with the command it was running.
        await using var db = f.Db.CreateContext();
        var session = new ConsoleSession
        {
            OrganizationId = f.OrganizationId, CaseId = f.CaseId, UserId = f.Admin.UserId,
            ArtifactId = await db.Reports.Where(r => r.CaseId == f.CaseId).Select(r => r.ArtifactId).FirstAsync(),
            WorkerName = "dead-host:1", LeaseUntil = DateTimeOffset.UtcNow.AddMinutes(-1),
        };
        var stuck = new ConsoleCommand { SessionId = session.Id, CaseId = f.CaseId, UserId = f.Admin.UserId, Line = "sys", Status = ConsoleCommandStatus.Running, WorkerName = "dead-host:1", StartedAt = DateTimeOffset.UtcNow.AddMinutes(-2) };
        db.AddRange(session, stuck);
        await db.SaveChangesAsync();

        var next = await f.RunAsync(f.Admin, "help");

        await using var after = f.Db.CreateContext();
        var ended = await after.ConsoleCommands.AsNoTracking().SingleAsync(c => c.Id == stuck.Id);
        Assert.Equal(ConsoleCommandStatus.Failed, ended.Status);
        Assert.Equal(ConsoleClaims.WorkerLost, ended.Error);
        Assert.Equal(ConsoleCommandStatus.Done, next.Status);
        var moved = await after.ConsoleSessions.AsNoTracking().SingleAsync(s => s.Id == session.Id);
        Assert.NotEqual("dead-host:1", moved.WorkerName);
    }

    private async Task WaitForAsync(Guid commandId, ConsoleCommandStatus status)
    {
        for (int i = 0; i < 300; i++)
        {
            await using var db = f.Db.CreateContext();
            if (await db.ConsoleCommands.AsNoTracking().AnyAsync(c => c.Id == commandId && c.Status == status))
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"command {commandId} never became {status}");
    }
}
