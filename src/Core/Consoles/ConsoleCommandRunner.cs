using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Shell;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Audit;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// Runs one claimed console command (scoped): the session's dump opened, or taken from this worker's
/// <see cref="ConsoleShells"/>, the line run by the engine's <see cref="CrashShell"/> off the caller's thread
/// under the time and output caps, and the outcome written with its audit event in one transaction.
/// </summary>
internal sealed class ConsoleCommandRunner(
    CrashdeskDbContext db,
    IBlobStore store,
    KernelProfileLoader profiles,
    ConsoleShells shells,
    ShellCommandSet commands,
    IOptions<ConsoleOptions> options,
    IOptions<AnalysisLimits> limits,
    ILogger<ConsoleCommandRunner> logger)
{
    /// <summary>Characters of the output the audit event keeps (with the whole output's size and SHA-256).</summary>
    public const int AuditedOutputChars = 4096;

    public async Task RunAsync(Guid commandId, CancellationToken cancel, CancellationToken stopping)
    {
        var command = await db.ConsoleCommands.AsNoTracking().FirstAsync(c => c.Id == commandId, stopping);
        var session = await db.ConsoleSessions.AsNoTracking().FirstAsync(s => s.Id == command.SessionId, stopping);
        var clock = Stopwatch.StartNew();
        OpenConsole open;
        try
        {
            open = await TakeOrOpenAsync(session, cancel, stopping);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            // Stopped while the dump was being opened (over a slow store: seconds). The command ends now; the
            // open goes on and the session's next command takes it (ConsoleShells.OpenOnce).
            string why = await StoppedByPersonAsync(commandId, stopping)
                ? "cancelled"
                : $"the dump was still being opened at the console's time cap of {options.Value.CommandTimeout.TotalSeconds:0} s (Console:CommandTimeout); the opening goes on and the next command takes it up";
            await FinishAsync(command, ConsoleCommandStatus.Cancelled, "", null, false, why, null, clock, stopping);
            return;
        }
        catch (Exception e) when (e is DumpFormatException or InvalidDataException or NotSupportedException or MemoryNotPresentException or BlobNotFoundException or EndOfStreamException or StoredObjectCorruptException)
        {
            await FinishAsync(command, ConsoleCommandStatus.Failed, null, null, false, $"the dump could not be opened: {e.Message}", null, clock, stopping);
            return;
        }
        try
        {
            long before = open.BytesRead;
            ShellReply reply = command.Kind == ConsoleCommandKind.Complete
                ? new ShellReply(string.Join('\n', open.Shell.Complete(command.Line)), [], false, false)
                : await Task.Run(() => open.Shell.Execute(command.Line, cancel, options.Value.MaxOutputChars), stopping);
            // Stopped by the worker's shutdown, not by the person or the cap: the host hands it back.
            stopping.ThrowIfCancellationRequested();
            var status = reply.Cancelled ? ConsoleCommandStatus.Cancelled : reply.Error is null ? ConsoleCommandStatus.Done : ConsoleCommandStatus.Failed;
            string? error = !reply.Cancelled ? reply.Error
                : await StoppedByPersonAsync(commandId, stopping) ? "cancelled"
                : $"stopped after the console's time cap of {options.Value.CommandTimeout.TotalSeconds:0} s (Console:CommandTimeout)";
            await FinishAsync(command, status, reply.Text, ConsoleLinks.Serialize(reply.Links), reply.Truncated, error, open.BytesRead - before, clock, stopping);
        }
        finally
        {
            shells.Release(open);
        }
    }

    /// <summary>A stopped command was stopped either by the person (their flag is set) or by the time cap (the host's timer).</summary>
    private Task<bool> StoppedByPersonAsync(Guid commandId, CancellationToken cancellationToken) =>
        db.ConsoleCommands.AsNoTracking().AnyAsync(c => c.Id == commandId && c.CancelRequested, cancellationToken);

    /// <summary>
    /// The session's open console (marked in use): kept from an earlier command, or opened now — or by an
    /// earlier command that was stopped while it opened, whose open is awaited rather than started again.
    /// <paramref name="cancel"/> stops the wait, never the open.
    /// </summary>
    private async Task<OpenConsole> TakeOrOpenAsync(ConsoleSession session, CancellationToken cancel, CancellationToken stopping)
    {
        // Twice at most: an open console is kept until idle for minutes, so the take after an open finds it.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (shells.TryTake(session.Id, session.ArtifactId, session.DebugKernelId) is { } open)
                return open;
            var opening = shells.OpenOnce(session.Id, session.ArtifactId, session.DebugKernelId, await PrepareOpenAsync(session, stopping));
            await opening.WaitAsync(cancel);
        }
        throw new InvalidOperationException($"console session {session.Id}: its console was closed as soon as it was opened");
    }

    /// <summary>
    /// What opening needs from this scope (the artifact, the debug kernel's profile), read now; the open itself —
    /// indexing the dump and building the kernel context, CPU-bound and many reads — is returned to run
    /// detached from this scope, so it may outlive the command that started it.
    /// </summary>
    private async Task<Func<Task<OpenConsole>>> PrepareOpenAsync(ConsoleSession session, CancellationToken stopping)
    {
        var artifact = await db.Artifacts.AsNoTracking().FirstAsync(a => a.Id == session.ArtifactId, stopping);
        var kernel = session.DebugKernelId is { } id ? await db.DebugKernels.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, stopping) : null;
        IKernelDebugInfo? info = null;
        if (kernel is { Status: DebugKernelStatus.Ready })
            info = await profiles.LoadAsync(kernel, stopping);
        var names = new CrashShellNames(kernel?.FileName ?? "(no debug kernel: kallsyms and BTF from the dump)", artifact.FileName);
        var analysisLimits = limits.Value;
        return async () =>
        {
            var source = new NamedByteSource(await store.OpenByteSourceAsync(artifact.StorageKey, stopping), artifact.FileName);
            try
            {
                var clock = Stopwatch.StartNew();
                var shell = new CrashShell(KernelTarget.Open(source, analysisLimits), info, names, commands);
                logger.LogInformation("Console session {Session}: {File} opened in {Ms} ms ({Bytes} bytes read)",
                    session.Id, artifact.FileName, clock.ElapsedMilliseconds, source.BytesRead);
                return new OpenConsole(session.Id, session.ArtifactId, session.DebugKernelId, shell, source);
            }
            catch
            {
                source.Dispose();
                throw;
            }
        };
    }

    /// <summary>The outcome and, for a command (not a completion), its audit event, in one transaction.</summary>
    private async Task FinishAsync(ConsoleCommand command, ConsoleCommandStatus status, string? output, string? links, bool truncated,
        string? error, long? bytesRead, Stopwatch clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        int duration = (int)Math.Min(int.MaxValue, clock.ElapsedMilliseconds);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_commands
               SET status = {status.ToString().ToLowerInvariant()}, output = {output}, links = {links}::jsonb, truncated = {truncated},
                   error = {error}, bytes_read = {bytesRead}, duration_ms = {duration}, finished_at = now()
             WHERE id = {command.Id} AND status = 'running'
            """, cancellationToken);
        if (command.Kind == ConsoleCommandKind.Run)
            await AuditOutputAsync(command, status, output ?? "", truncated, error, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The worker is not the person: the event names the person who sent the command, copied from the
    /// command's own event (written when it was sent), so the log reads "who saw what".
    /// </summary>
    private async Task AuditOutputAsync(ConsoleCommand command, ConsoleCommandStatus status, string output, bool truncated, string? error, CancellationToken cancellationToken)
    {
        var sent = await db.AuditEvents.AsNoTracking()
            .Where(e => e.TargetId == command.Id && e.Action == AuditAction.ConsoleCommand)
            .FirstOrDefaultAsync(cancellationToken);
        var organizationId = sent?.OrganizationId ?? await db.Cases.Where(c => c.Id == command.CaseId).Select(c => c.OrganizationId).FirstAsync(cancellationToken);
        var detail = new Dictionary<string, string>
        {
            ["command"] = command.Line,
            ["status"] = status.ToString().ToLowerInvariant(),
            ["outputChars"] = output.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["outputSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(output))),
            ["output"] = output.Length <= AuditedOutputChars ? output : output[..AuditedOutputChars],
        };
        if (truncated)
            detail["truncated"] = "true";
        if (error is not null)
            detail["error"] = error;
        db.AuditEvents.Add(new AuditEvent
        {
            OrganizationId = organizationId,
            ActorUserId = sent?.ActorUserId ?? command.UserId,
            ActorName = sent?.ActorName,
            ActorEmail = sent?.ActorEmail,
            ApiKeyId = sent?.ApiKeyId,
            ClientAddress = sent?.ClientAddress,
            Action = AuditAction.ConsoleOutput,
            TargetKind = "console",
            TargetId = command.Id,
            CaseId = command.CaseId,
            Detail = JsonSerializer.Serialize(detail),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
