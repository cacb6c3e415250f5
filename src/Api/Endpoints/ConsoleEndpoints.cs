using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Consoles;
using Crashdesk.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// /api/v1/cases/{id}/console: crash's commands on the case's stored dump, run by a worker that reads it by
/// ranges (this host never downloads a dump). Open to customers' staff only when their organisation allows it
/// (GET/PUT /organization/console-access); every command and its output is in the case's audit log.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>The longest a request waits for a command (a longer one goes on; poll its URL).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    public static RouteGroupBuilder MapConsoleApi(this RouteGroupBuilder api)
    {
        var console = api.MapGroup("/cases/{id:guid}/console").WithTags("Console");
        // Read scope: a command reads the dump, it changes nothing in the case.
        console.MapGet("/", AccessAsync).WithName("GetCaseConsole").ForCustomers(ApiKeyScopes.Read)
            .WithSummary("Whether the caller may use the console on this case, why not, and which dump it reads");
        console.MapPost("/", RunAsync).WithName("RunConsoleCommand").ForCustomers(ApiKeyScopes.Read)
            .WithSummary("Runs one crash command line on the case's dump: 200 with its output when it finished within wait ms, else 202 (poll the command)")
            .WithDescription("The commands are crash's (help lists them): sys, log, bt, ps, task, struct, rd, dis, … on the dump the newest report read, with the debug kernel it used. 403 when the caller's organisation has not opened the console to customers; 409 when the case has no analysed dump or its dump was purged.");
        console.MapGet("/commands", HistoryAsync).WithName("ListConsoleCommands").ForCustomers(ApiKeyScopes.Read)
            .WithSummary("The caller's last commands on this case with their outputs, oldest first (limit 1..500, default 100)");
        console.MapGet("/commands/{commandId:guid}", GetAsync).WithName("GetConsoleCommand").ForCustomers(ApiKeyScopes.Read)
            .WithSummary("One of the caller's commands; wait (ms, at most 60000) waits for its end");
        console.MapPost("/commands/{commandId:guid}/cancel", CancelAsync).WithName("CancelConsoleCommand").ForCustomers(ApiKeyScopes.Read)
            .WithSummary("Stops the command (Ctrl-C): it ends cancelled with what it printed so far; 404 when not running or not the caller's");
        console.MapGet("/completions", CompleteAsync).WithName("CompleteConsoleLine").ForCustomers(ApiKeyScopes.Read)
            .WithSummary("Tab completion of the line's last word: command names, then symbols or struct names");
        return api;
    }

    private static async Task<Results<Ok<ConsoleAccessDto>, ProblemHttpResult>> AccessAsync(
        Guid id, ClaimsPrincipal user, IConsoleService console, CancellationToken cancellationToken) =>
        await console.AccessAsync(user.Caller(), id, cancellationToken) is { } access ? TypedResults.Ok(ConsoleDtos.Of(access)) : CaseEndpoints.NotFound(id);

    private static async Task<Results<Ok<ConsoleCommandDto>, Accepted<ConsoleCommandDto>, ProblemHttpResult>> RunAsync(
        Guid id, ConsoleCommandRequest request, ClaimsPrincipal user, IConsoleService console, CancellationToken cancellationToken)
    {
        var caller = user.Caller();
        if (await console.SubmitAsync(caller, id, request.Command ?? "", ConsoleCommandKind.Run, cancellationToken) is not { } queued)
            return CaseEndpoints.NotFound(id);
        var command = await console.WaitAsync(caller, id, queued.Id, Wait(request.Wait, DefaultWait), cancellationToken) ?? queued;
        return Answer(id, command);
    }

    private static async Task<Results<Ok<IReadOnlyList<ConsoleCommandDto>>, ProblemHttpResult>> HistoryAsync(
        Guid id, ClaimsPrincipal user, IConsoleService console, CancellationToken cancellationToken, int limit = 100) =>
        await console.HistoryAsync(user.Caller(), id, limit, cancellationToken) is { } history
            ? TypedResults.Ok<IReadOnlyList<ConsoleCommandDto>>([.. history.Select(ConsoleDtos.Of)])
            : CaseEndpoints.NotFound(id);

    private static async Task<Results<Ok<ConsoleCommandDto>, Accepted<ConsoleCommandDto>, ProblemHttpResult>> GetAsync(
        Guid id, Guid commandId, ClaimsPrincipal user, IConsoleService console, CancellationToken cancellationToken, int? wait = null) =>
        await console.WaitAsync(user.Caller(), id, commandId, Wait(wait, TimeSpan.Zero), cancellationToken) is { } command
            ? Answer(id, command)
            : CommandNotFound(commandId, "");

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(
        Guid id, Guid commandId, ClaimsPrincipal user, IConsoleService console, CancellationToken cancellationToken) =>
        await console.CancelAsync(user.Caller(), id, commandId, cancellationToken)
            ? TypedResults.Accepted($"{CrashdeskApiExtensions.ApiPrefix}/cases/{id}/console/commands/{commandId}")
            : CommandNotFound(commandId, " that is still queued or running");

    private static async Task<Results<Ok<ConsoleCompletionsDto>, ProblemHttpResult>> CompleteAsync(
        Guid id, string line, ClaimsPrincipal user, IConsoleService console, CancellationToken cancellationToken) =>
        await console.CompleteAsync(user.Caller(), id, line ?? "", cancellationToken) is { } candidates
            ? TypedResults.Ok(new ConsoleCompletionsDto(line ?? "", candidates))
            : CaseEndpoints.NotFound(id);

    private static Results<Ok<ConsoleCommandDto>, Accepted<ConsoleCommandDto>, ProblemHttpResult> Answer(Guid caseId, ConsoleCommandView command) =>
        command.Finished
            ? TypedResults.Ok(ConsoleDtos.Of(command))
            : TypedResults.Accepted($"{CrashdeskApiExtensions.ApiPrefix}/cases/{caseId}/console/commands/{command.Id}", ConsoleDtos.Of(command));

    private static TimeSpan Wait(int? milliseconds, TimeSpan fallback) => milliseconds switch
    {
        null => fallback,
        < 0 => throw new Core.Services.ValidationException("wait", $"wait is milliseconds, 0..{MaxWait.TotalMilliseconds:0}; got {milliseconds}"),
        _ => TimeSpan.FromMilliseconds(Math.Min(milliseconds.Value, MaxWait.TotalMilliseconds)),
    };

    private static ProblemHttpResult CommandNotFound(Guid commandId, string state) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Console command not found",
            detail: $"no console command {commandId} of yours{state} is on this case");
}
