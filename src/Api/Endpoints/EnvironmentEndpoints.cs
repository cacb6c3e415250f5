using Crashdesk.Core.Paging;
using Crashdesk.Api.Auth;
using System.Security.Claims;
using System.Text.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// The machine of a case: /api/v1/cases/{id}/environment (get, versions, replace, import, link,
/// what the cases of its crash share), /api/v1/environments (named customer environments) and
/// /api/v1/environment-comparisons (any two side by side).
/// </summary>
internal static class EnvironmentEndpoints
{
    public static RouteGroupBuilder MapEnvironmentApi(this RouteGroupBuilder api)
    {
        var environment = api.MapGroup("/cases/{id:guid}/environment").WithTags("Environment");
        environment.MapGet("/", GetAsync).WithName("GetCaseEnvironment").ForCustomers()
            .WithSummary("The case's environment (newest version, or ?version=n): hardware, OS, modules, packages, applications, notes")
            .WithDescription("Every fact carries its source (dump, sosreport, manual, api) and time. The ETag header (\"e{version}\") is what a PUT may send as If-Match.");
        environment.MapGet("/versions", VersionsAsync).WithName("ListCaseEnvironmentVersions")
            .WithSummary("The case's environment versions, newest first: what made each (source, summary, author) and when").WithDescription(ListPaging.Described);
        environment.MapPut("/", ReplaceAsync).WithName("ReplaceCaseEnvironment")
            .WithSummary("Replaces the case's environment (a new version); sections left out are removed")
            .WithDescription("Values are plain (no provenance): unchanged ones keep theirs, changed ones become source api. " +
                "With If-Match (the GET's ETag), 409 when the environment changed meanwhile. 400 names unknown fields and bad values.");
        environment.MapPost("/import", ImportAsync).WithName("ImportCaseEnvironment")
            // A sosreport streams into the store; a JSON body keeps Kestrel's cap.
            .StreamsBody<IArtifactService>(artifacts => artifacts.MaxUploadBytes, ArtifactEndpoints.TooLarge, request => !request.HasJsonContentType())
            // Any other content type is a sosreport: the archive's bytes decide what it is, not the header.
            .Accepts<EnvironmentInput>("application/json", "application/x-xz", "application/gzip", "application/x-bzip2", "application/x-tar", "application/octet-stream", "*/*")
            .WithSummary("Imports facts into the case's environment: JSON (merged, source api), or a sosreport archive (?fileName=, stored as an artifact and imported by a job)")
            .WithDescription("A JSON body changes only the facts it gives (200 with the new environment). Any other body is a sosreport " +
                "(tar.xz, tar.gz, tar.bz2 or tar): it is stored as an artifact of kind sosreport (201, with the queued import), and the import job " +
                "reads it as a stream, refusing archives with paths outside the archive, oversized members or too many entries.");
        environment.MapGet("/imports", ImportsAsync).WithName("ListCaseEnvironmentImports")
            .WithSummary("The case's sosreport imports, newest first, with their status or error").WithDescription(ListPaging.Described);
        environment.MapPost("/link", LinkAsync).WithName("LinkCaseEnvironment")
            .WithSummary("Links the case to a customer environment of the organisation (environmentId null: unlinks)");
        environment.MapGet("/shared", SharedAsync).WithName("GetSharedEnvironment")
            .WithSummary("The cases with this case's crash signature and what their environments share and where they differ");

        var environments = api.MapGroup("/environments").WithTags("Environment");
        environments.MapGet("/", ListEnvironmentsAsync).WithName("ListEnvironments")
            .WithSummary("The organisation's named customer environments, by name").WithDescription(ListPaging.Described);
        environments.MapPost("/", CreateEnvironmentAsync).WithName("CreateEnvironment")
            .WithSummary("Creates a named customer environment (names are unique per organisation, ignoring case)");
        environments.MapGet("/{environmentId:guid}", GetEnvironmentAsync).WithName("GetEnvironment")
            .WithSummary("A customer environment (newest version, or ?version=n)");
        environments.MapPut("/{environmentId:guid}", ReplaceEnvironmentAsync).WithName("ReplaceEnvironment")
            .WithSummary("Replaces a customer environment's content (a new version)");
        environments.MapGet("/{environmentId:guid}/cases", EnvironmentCasesAsync).WithName("ListEnvironmentCases")
            .WithSummary("The cases linked to a customer environment, by title").WithDescription(ListPaging.Described);
        environments.MapPost("/{environmentId:guid}/snapshots", SnapshotAsync).WithName("SnapshotEnvironmentFromCase")
            .WithSummary("Takes a case's newest environment as the customer environment's next version");

        api.MapGet("/environment-comparisons", CompareAsync).WithTags("Environment").WithName("CompareEnvironments")
            .WithSummary("Two environments side by side: left and right are case:{id}[@version] or environment:{id}[@version]")
            .WithDescription("Differing hardware/OS facts by weight, boot parameters, packages added/removed/changed (kernel, firmware, drivers first), modules, sysctls, applications.");
        api.MapGet("/environment-consensus", ConsensusAsync).WithTags("Environment").WithName("GetEnvironmentConsensus")
            .WithSummary("What the given cases (?case=…&case=…, at most 50) share and where they differ");
        return api;
    }

    private static async Task<Results<Ok<EnvironmentDto>, ProblemHttpResult>> GetAsync(
        Guid id, HttpResponse response, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken, int? version = null)
    {
        var view = await environments.GetCaseAsync(user.Caller(), id, version, cancellationToken);
        if (view is null)
            return version is null ? CaseEndpoints.NotFound(id) : VersionNotFound(version.Value);
        response.Headers.ETag = ETag(view.LatestVersion);
        return TypedResults.Ok(Dto.Of(view));
    }

    private static readonly Keyset<EnvironmentVersionDto> VersionOrder = Keyset<EnvironmentVersionDto>.By(v => v.Version, descending: true);
    private static readonly Keyset<EnvironmentImportDto> ImportOrder = Keyset<EnvironmentImportDto>.By(i => i.CreatedAt, true).ThenBy(i => i.Id, true);
    private static readonly Keyset<CustomerEnvironmentDto> EnvironmentOrder = Keyset<CustomerEnvironmentDto>.By(e => e.Name.ToLowerInvariant()).ThenBy(e => e.Id);
    private static readonly Keyset<EnvironmentCaseDto> CaseOrder = Keyset<EnvironmentCaseDto>.By(c => c.Title).ThenBy(c => c.Id);

    private static async Task<Results<Ok<CursorPageDto<EnvironmentVersionDto>>, ProblemHttpResult>> VersionsAsync(
        Guid id, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var versions = await environments.CaseVersionsAsync(user.Caller(), id, cancellationToken);
        return versions is null ? CaseEndpoints.NotFound(id)
            : TypedResults.Ok(ListPaging.Page(versions.Select(Dto.Of), VersionOrder, $"environment-versions|{id}", cursor, limit));
    }

    private static Task<Results<Ok<EnvironmentDto>, ProblemHttpResult>> ReplaceAsync(
        Guid id, EnvironmentInput input, HttpRequest request, HttpResponse response, ClaimsPrincipal user,
        IEnvironmentService environments, CancellationToken cancellationToken) =>
        ReplacedAsync(request, response, CaseEndpoints.NotFound(id), expected =>
            environments.ReplaceCaseAsync(user.Caller(), id, input, FactSources.Api, "replaced through the API", expected, cancellationToken));

    /// <summary>A replace (PUT) with its If-Match: 400 for a bad one, 409 when stale, the new version with its ETag.</summary>
    private static async Task<Results<Ok<EnvironmentDto>, ProblemHttpResult>> ReplacedAsync(
        HttpRequest request, HttpResponse response, ProblemHttpResult notFound, Func<int?, Task<EnvironmentView?>> replace)
    {
        if (!VersionTag.TryExpected(request, 'e', out int? expected))
            return BadIfMatch();
        try
        {
            var view = await replace(expected);
            if (view is null)
                return notFound;
            response.Headers.ETag = ETag(view.LatestVersion);
            return TypedResults.Ok(Dto.Of(view));
        }
        catch (EnvironmentConflictException e)
        {
            return Conflict(e);
        }
    }

    private static async Task<Results<Ok<EnvironmentDto>, Created<UploadResponse>, ProblemHttpResult>> ImportAsync(
        Guid id, HttpContext context, ClaimsPrincipal user, IEnvironmentService environments, IArtifactService artifacts,
        CancellationToken cancellationToken, string? fileName = null)
    {
        if (context.Request.HasJsonContentType())
        {
            EnvironmentInput? input;
            try
            {
                input = await JsonSerializer.DeserializeAsync<EnvironmentInput>(context.Request.Body, ReportJson.Options, cancellationToken);
            }
            catch (JsonException e)
            {
                return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid environment JSON",
                    detail: $"The body is not an environment: {e.Message}");
            }
            if (input is null)
                return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid environment JSON", detail: "The body is empty.");
            var view = await environments.ImportCaseAsync(user.Caller(), id, input, cancellationToken);
            return view is null ? CaseEndpoints.NotFound(id) : TypedResults.Ok(Dto.Of(view));
        }
        if (string.IsNullOrWhiteSpace(fileName))
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "File name missing",
                detail: "A sosreport upload names its file: ?fileName=sosreport-host-2026-12-01.tar.xz (a JSON import sends Content-Type: application/json).");
        var stored = await ArtifactEndpoints.StoreAsync(id, fileName, ArtifactKind.Sosreport, context, user, artifacts, cancellationToken);
        return stored.Result switch
        {
            Created<UploadResponse> created => created,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("unexpected upload result"),
        };
    }

    private static async Task<Results<Ok<CursorPageDto<EnvironmentImportDto>>, ProblemHttpResult>> ImportsAsync(
        Guid id, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var imports = await environments.CaseImportsAsync(user.Caller(), id, cancellationToken);
        return imports is null ? CaseEndpoints.NotFound(id)
            : TypedResults.Ok(ListPaging.Page(imports.Select(Dto.Of), ImportOrder, $"environment-imports|{id}", cursor, limit));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LinkAsync(
        Guid id, LinkEnvironmentRequest request, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken) =>
        await environments.LinkCaseAsync(user.Caller(), id, request.EnvironmentId, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Of(status: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no case {id}" + (request.EnvironmentId is { } e ? $" or no environment {e}" : "") + " in your organisation.");

    private static async Task<Results<Ok<SharedEnvironmentDto>, ProblemHttpResult>> SharedAsync(
        Guid id, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken)
    {
        var shared = await environments.SharedWithCrashAsync(user.Caller(), id, cancellationToken);
        return shared is null ? CaseEndpoints.NotFound(id) : TypedResults.Ok(Dto.Of(shared));
    }

    private static async Task<Ok<CursorPageDto<CustomerEnvironmentDto>>> ListEnvironmentsAsync(
        ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken, string? cursor = null, int? limit = null) =>
        TypedResults.Ok(ListPaging.Page((await environments.ListEnvironmentsAsync(user.Caller(), cancellationToken)).Select(Dto.Of),
            EnvironmentOrder, "environments", cursor, limit));

    private static async Task<Created<CustomerEnvironmentDto>> CreateEnvironmentAsync(
        CreateEnvironmentRequest request, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken)
    {
        var created = await environments.CreateEnvironmentAsync(user.Caller(), request.Name, request.Description, cancellationToken);
        return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/environments/{created.Id}", Dto.Of(created));
    }

    private static async Task<Results<Ok<EnvironmentDto>, ProblemHttpResult>> GetEnvironmentAsync(
        Guid environmentId, HttpResponse response, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken, int? version = null)
    {
        var view = await environments.GetEnvironmentAsync(user.Caller(), environmentId, version, cancellationToken);
        if (view is null)
            return version is null ? EnvironmentNotFound(environmentId) : VersionNotFound(version.Value);
        response.Headers.ETag = ETag(view.LatestVersion);
        return TypedResults.Ok(Dto.Of(view));
    }

    private static Task<Results<Ok<EnvironmentDto>, ProblemHttpResult>> ReplaceEnvironmentAsync(
        Guid environmentId, EnvironmentInput input, HttpRequest request, HttpResponse response, ClaimsPrincipal user,
        IEnvironmentService environments, CancellationToken cancellationToken) =>
        ReplacedAsync(request, response, EnvironmentNotFound(environmentId), expected =>
            environments.ReplaceEnvironmentAsync(user.Caller(), environmentId, input, FactSources.Api, "replaced through the API", expected, cancellationToken));

    private static async Task<Results<Ok<CursorPageDto<EnvironmentCaseDto>>, ProblemHttpResult>> EnvironmentCasesAsync(
        Guid environmentId, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var cases = await environments.EnvironmentCasesAsync(user.Caller(), environmentId, cancellationToken);
        return cases is null ? EnvironmentNotFound(environmentId)
            : TypedResults.Ok(ListPaging.Page(cases.Select(Dto.Of), CaseOrder, $"environment-cases|{environmentId}", cursor, limit));
    }

    private static async Task<Results<Ok<EnvironmentDto>, ProblemHttpResult>> SnapshotAsync(
        Guid environmentId, SnapshotFromCaseRequest request, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken)
    {
        var view = await environments.SnapshotFromCaseAsync(user.Caller(), environmentId, request.CaseId, cancellationToken);
        return view is null
            ? Problems.Of(status: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no environment {environmentId}, no case {request.CaseId}, or the case has no environment recorded yet.")
            : TypedResults.Ok(Dto.Of(view));
    }

    private static async Task<Results<Ok<EnvironmentComparisonDto>, ProblemHttpResult>> CompareAsync(
        string? left, string? right, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken)
    {
        if (!EnvironmentRef.TryParse(left, out var l) || !EnvironmentRef.TryParse(right, out var r))
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid comparison",
                detail: "left and right are case:{id}[@version] or environment:{id}[@version].");
        var comparison = await environments.CompareAsync(user.Caller(), l, r, cancellationToken);
        return comparison is null
            ? Problems.Of(status: StatusCodes.Status404NotFound, title: "Not found", detail: $"{left} or {right} does not exist in your organisation.")
            : TypedResults.Ok(Dto.Of(comparison));
    }

    private static async Task<Ok<SharedEnvironmentDto>> ConsensusAsync(
        Guid[] @case, ClaimsPrincipal user, IEnvironmentService environments, CancellationToken cancellationToken) =>
        TypedResults.Ok(Dto.Of(await environments.SharedAmongAsync(user.Caller(), @case, cancellationToken)));

    private static string ETag(int version) => VersionTag.Of('e', version);

    private static ProblemHttpResult BadIfMatch() => Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid If-Match",
        detail: "If-Match is the ETag of GET …/environment (\"e{version}\").");

    private static ProblemHttpResult Conflict(EnvironmentConflictException e) =>
        Problems.Of(status: StatusCodes.Status409Conflict, title: "The environment changed meanwhile", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["currentVersion"] = e.CurrentVersion });

    private static ProblemHttpResult VersionNotFound(int version) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Version not found", detail: $"There is no environment version {version}.");

    private static ProblemHttpResult EnvironmentNotFound(Guid id) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "Environment not found", detail: $"There is no environment {id} in your organisation.");
}
