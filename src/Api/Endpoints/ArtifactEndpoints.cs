using Crashdesk.Api.Audit;
using Crashdesk.Api.Auth;
using Crashdesk.Core.Audit;
using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// PUT /api/v1/cases/{id}/artifacts/{fileName}?kind=…: the request body is streamed to the object
/// store (never buffered whole), hashed on the way; over the limit → 413 and nothing kept.
/// </summary>
internal static class ArtifactEndpoints
{
    public static RouteGroupBuilder MapArtifactApi(this RouteGroupBuilder api)
    {
        api.MapPut("/cases/{id:guid}/artifacts/{fileName}", UploadAsync)
            .WithTags("Artifacts")
            .WithName("UploadArtifact")
            .ForUploads()
            .StreamsBody<IArtifactService>(artifacts => artifacts.MaxUploadBytes, TooLarge)
            .Accepts<Stream>("application/octet-stream")
            .WithDescription("Streams the request body into the case's artifacts. kind: vmcore, debug-kernel, console-log, sosreport, other or archive. A vmcore or console-log upload queues its analysis; a sosreport its import into the case's environment; " +
                "an archive (tar, zip, gzip, xz, zstd, bzip2: also a vmcore upload whose first bytes are one) its unpacking: each dump, console log and sosreport inside becomes an artifact of its own (fromArchive), the archive's unpack says what became of every member; a debug-kernel upload also joins the organisation's debug-kernel library (see /debug-kernels: its profile is built once and used for every dump with its build-id).");
        api.MapGet("/cases/{id:guid}/artifacts/{artifactId:guid}/content", DownloadAsync)
            .WithTags("Artifacts")
            .WithName("DownloadArtifact")
            .ForCustomers()
            .Audited(AuditAction.ArtifactDownload)
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("Downloads an artifact (streamed from the object store); each download is a row of the case's timeline and of the audit log (503 when the audit log cannot record it)")
            .WithDescription("Streams the file. Range requests (bytes=start-end) answer 206 with that part, so an interrupted download resumes; " +
                "Repr-Digest (RFC 9530) and X-Checksum-Sha256 carry the SHA-256 of the whole file as computed at upload, the ETag is that hash.");
        return api;
    }

    private static async Task<IResult> DownloadAsync(
        Guid id, Guid artifactId, ClaimsPrincipal user, IArtifactService artifacts, HttpResponse response, CancellationToken cancellationToken)
    {
        var download = await artifacts.OpenForDownloadAsync(user.Caller(), id, artifactId, cancellationToken);
        if (download is null)
            return Problems.Of(status: StatusCodes.Status404NotFound, title: "Artifact not found", detail: $"There is no artifact {artifactId} on case {id} in your organisation.");
        // The SHA-256 computed at upload, so the receiver can check what it got: RFC 9530's Repr-Digest (the whole
        // file's, also on a range) and the plain hex most tools print (sha256sum).
        response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(download.Sha256))}:";
        response.Headers["X-Checksum-Sha256"] = download.Sha256;
        // Ranges (RFC 9110 §14) by the framework on a seekable stream: a broken download resumes where it stopped;
        // the content's hash is its strong ETag, so If-Range works.
        return TypedResults.Stream(download.Content, "application/octet-stream", download.FileName,
            download.UploadedAt, new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{download.Sha256}\""), enableRangeProcessing: true);
    }

    private static async Task<Results<Created<UploadResponse>, ProblemHttpResult>> UploadAsync(
        Guid id, string fileName, string? kind, HttpContext context, ClaimsPrincipal user,
        IArtifactService artifacts, CancellationToken cancellationToken)
    {
        if (!ArtifactKinds.TryParse(kind, out var parsedKind))
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid artifact kind",
                $"Query parameter kind must be one of {string.Join(", ", ArtifactKinds.Names)} (got '{kind}').");
        return await StoreAsync(id, fileName, parsedKind, context, user, artifacts, cancellationToken);
    }

    /// <summary>Streams the request body in as an artifact of <paramref name="kind"/>: the one upload path (also a sosreport sent to …/environment/import).</summary>
    internal static async Task<Results<Created<UploadResponse>, ProblemHttpResult>> StoreAsync(
        Guid id, string fileName, ArtifactKind kind, HttpContext context, ClaimsPrincipal user,
        IArtifactService artifacts, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength == 0)
            return Problems.Of(StatusCodes.Status400BadRequest, "Empty file", $"{fileName} is empty (0 bytes); nothing was stored.");

        var result = await artifacts.UploadAsync(user.Caller(), id, fileName, kind, context.Request.Body, cancellationToken);
        return result.Status switch
        {
            UploadStatus.Stored => TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/cases/{id}", UploadResponseOf(result)),
            UploadStatus.CaseNotFound => CaseEndpoints.NotFound(id),
            UploadStatus.TooLarge => TooLarge(artifacts.MaxUploadBytes),
            UploadStatus.Empty => Problems.Of(StatusCodes.Status400BadRequest, "Empty file", result.Message ?? $"{fileName} is empty"),
            UploadStatus.NotADump => Problems.Of(StatusCodes.Status422UnprocessableEntity,
                kind switch { ArtifactKind.Sosreport => "Not a sosreport", ArtifactKind.Archive => "Not an archive", _ => "Not a crash dump" }, result.Message ?? "not what the kind says"),
            _ => Problems.Of(StatusCodes.Status400BadRequest, "Invalid file name", result.Message ?? "invalid file name"),
        };
    }

    internal static UploadResponse UploadResponseOf(UploadResult result) => new(
        Dto.Of(result.Artifact!),
        result.Analysis is null ? null : Dto.Of(result.Analysis),
        result.EnvironmentImport is null ? null : Dto.Of(result.EnvironmentImport));

    internal static ProblemHttpResult TooLarge(long max) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"Artifacts may be at most {max} bytes; nothing was stored.");
}
