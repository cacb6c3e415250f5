using Crashdesk.Analysis.Shell;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Consoles;

internal sealed class ConsoleService(
    CrashdeskDbContext db, IAuditLog audit, ConsoleCommandFeed feed, IOptions<ConsoleOptions> options, ShellCommandSet commands) : IConsoleService
{
    /// <summary>A completion comes back at once or not at all: the person is typing.</summary>
    private static readonly TimeSpan CompletionWait = TimeSpan.FromSeconds(5);

    public async Task<ConsoleAccess?> AccessAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        if (!await OpenToAsync(caller, caseId, cancellationToken))
            return null;
        var dump = await DumpAsync(caseId, cancellationToken);
        return dump.Problem is { } problem
            ? new ConsoleAccess(false, problem, dump.FileName)
            : new ConsoleAccess(true, null, dump.FileName);
    }

    public async Task<ConsoleCommandView?> SubmitAsync(Caller caller, Guid caseId, string line, ConsoleCommandKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length > ConsoleLimits.MaxLineLength)
            throw new ValidationException("command", $"a command line is at most {ConsoleLimits.MaxLineLength} characters; this one has {line.Length}");
        if (line.Any(c => char.IsControl(c) && c != '\t'))
            throw new ValidationException("command", "a command line cannot hold control characters (a newline sends one command per request)");
        if (!await OpenToAsync(caller, caseId, cancellationToken))
            return null;
        var dump = await DumpAsync(caseId, cancellationToken);
        if (dump.Problem is { } problem)
            throw new ConsoleUnavailableException(problem);

        // One statement: two tabs of one person never create two sessions (unique (user, case)).
        var sessionId = (await db.Database.SqlQuery<Guid>($"""
            INSERT INTO console_sessions (id, organization_id, case_id, user_id, artifact_id, debug_kernel_id, created_at, last_used_at)
            VALUES ({Guid.CreateVersion7()}, {caller.OrganizationId}, {caseId}, {caller.UserId}, {dump.ArtifactId}, {dump.DebugKernelId}, now(), now())
            ON CONFLICT (user_id, case_id) DO UPDATE
               SET last_used_at = now(), artifact_id = EXCLUDED.artifact_id, debug_kernel_id = EXCLUDED.debug_kernel_id
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        var command = new ConsoleCommand { SessionId = sessionId, CaseId = caseId, UserId = caller.UserId, Kind = kind, Line = line };
        db.ConsoleCommands.Add(command);
        if (kind == ConsoleCommandKind.Run)
        {
            // In the command's own transaction: no command reads memory without its record.
            await audit.AddAsync(caller, AuditAction.ConsoleCommand, new AuditTarget("console", command.Id, caseId,
                new Dictionary<string, string> { ["command"] = line, ["dump"] = dump.FileName! }), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return View(command);
    }

    public async Task<ConsoleCommandView?> WaitAsync(Caller caller, Guid caseId, Guid commandId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (!await OpenToAsync(caller, caseId, cancellationToken))
            return null;
        using var woken = new SemaphoreSlim(0);
        using var subscription = feed.Subscribe(commandId, () =>
        {
            woken.Release();
            return Task.CompletedTask;
        });
        var until = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var command = await FindAsync(caller, caseId, commandId, cancellationToken);
            if (command is null || command.Finished)
                return command;
            var left = until - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
                return command;
            // The notification wakes at once; the poll covers a lost connection.
            await woken.WaitAsync(left < options.Value.PollInterval ? left : options.Value.PollInterval, cancellationToken);
        }
    }

    public async Task<bool> CancelAsync(Caller caller, Guid caseId, Guid commandId, CancellationToken cancellationToken = default)
    {
        if (!await OpenToAsync(caller, caseId, cancellationToken))
            return false;
        // A queued command ends here; a running one is stopped by its worker, which the flag's notification wakes.
        int changed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_commands
               SET cancel_requested = true,
                   status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
                   error = CASE WHEN status = 'queued' THEN 'cancelled before it ran' ELSE error END,
                   finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END
             WHERE id = {commandId} AND case_id = {caseId} AND user_id = {caller.UserId} AND status IN ('queued', 'running')
            """, cancellationToken);
        return changed == 1;
    }

    public async Task<IReadOnlyList<string>?> CompleteAsync(Caller caller, Guid caseId, string line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.TrimStart().Contains(' ', StringComparison.Ordinal))
        {
            // The first word is a command name: answered here, without a worker or a dump.
            if (!await OpenToAsync(caller, caseId, cancellationToken))
                return null;
            return ShellCompletion.CommandNames(commands, line.TrimStart(), ConsoleLimits.MaxCompletions);
        }
        if (await SubmitAsync(caller, caseId, line, ConsoleCommandKind.Complete, cancellationToken) is not { } queued)
            return null;
        var done = await WaitAsync(caller, caseId, queued.Id, CompletionWait, cancellationToken);
        // A completion that did not come back in time completes nothing (the person types on).
        return done is { Status: ConsoleCommandStatus.Done, Output: { Length: > 0 } text } ? text.Split('\n') : [];
    }

    public async Task<IReadOnlyList<ConsoleCommandView>?> HistoryAsync(Caller caller, Guid caseId, int limit, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 500)
            throw new ValidationException("limit", $"limit must be 1..500; got {limit}");
        if (!await OpenToAsync(caller, caseId, cancellationToken))
            return null;
        var rows = await db.ConsoleCommands.AsNoTracking()
            .Where(c => c.CaseId == caseId && c.UserId == caller.UserId && c.Kind == ConsoleCommandKind.Run)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(limit)
            .ToListAsync(cancellationToken);
        rows.Reverse();
        return [.. rows.Select(View)];
    }

    private async Task<ConsoleCommandView?> FindAsync(Caller caller, Guid caseId, Guid commandId, CancellationToken cancellationToken)
    {
        var row = await db.ConsoleCommands.AsNoTracking()
            // WaitAsync checked once that the case is the caller's; each poll reads the row only.
            .Where(c => c.Id == commandId && c.CaseId == caseId && c.UserId == caller.UserId)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : View(row);
    }

    /// <summary>
    /// False when the case is not the caller's organisation's (404); <see cref="ForbiddenException"/> when the caller
    /// may not use the console at all (a customer the organisation has not let in).
    /// </summary>
    private async Task<bool> OpenToAsync(Caller caller, Guid caseId, CancellationToken cancellationToken)
    {
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken))
            return false;
        await RefuseAsync(caller, cancellationToken);
        return true;
    }

    private async Task RefuseAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsStaff)
            return;
        bool allowed = await db.DataPolicies.AsNoTracking()
            .AnyAsync(p => p.OrganizationId == caller.OrganizationId && p.CustomerConsole, cancellationToken);
        if (!allowed)
            throw new ForbiddenException("your organisation's administrators have not opened the console to customer accounts");
    }

    private sealed record DumpChoice(Guid ArtifactId, Guid? DebugKernelId, string? FileName, string? Problem);

    /// <summary>The dump the case's newest dump report read, with the debug kernel it used: the console sees what the report saw.</summary>
    private async Task<DumpChoice> DumpAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var newest = await db.Reports.AsNoTracking()
            .Where(r => r.CaseId == caseId && !r.IsLog && !r.IsExcerpt)
            .OrderByDescending(r => r.Version)
            .Select(r => new { r.ArtifactId, r.UsedDebugKernelId })
            .FirstOrDefaultAsync(cancellationToken);
        if (newest is null)
        {
            // A triage excerpt holds the log pages only: the console needs the whole dump's memory.
            bool excerptOnly = await db.Reports.AnyAsync(r => r.CaseId == caseId && r.IsExcerpt, cancellationToken);
            return new DumpChoice(Guid.Empty, null, null, excerptOnly
                ? "the case has only the triage excerpt sent ahead of its dump: the console opens once the whole dump is in and analysed"
                : "the case has no analysed dump yet: the console reads the dump its report was made from");
        }
        var artifact = await db.Artifacts.AsNoTracking().Where(a => a.Id == newest.ArtifactId)
            .Select(a => new { a.FileName, a.PurgedAt, a.PurgeReason }).FirstAsync(cancellationToken);
        if (artifact.PurgedAt is not null)
            return new DumpChoice(newest.ArtifactId, null, artifact.FileName, $"the dump {artifact.FileName} was {artifact.PurgeReason ?? "purged"}: there is no memory left to read");
        return new DumpChoice(newest.ArtifactId, newest.UsedDebugKernelId, artifact.FileName, null);
    }

    internal static ConsoleCommandView View(ConsoleCommand c) => new(
        c.Id, c.Kind, c.Line, c.Status, c.Output, ConsoleLinks.Parse(c.Links), c.Truncated, c.Error, c.BytesRead, c.DurationMs, c.CreatedAt, c.FinishedAt);
}
