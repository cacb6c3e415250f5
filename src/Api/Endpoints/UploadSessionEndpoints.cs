using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// Resumable uploads under /api/v1/cases/{id}/uploads: the tus 1.0.0 protocol (core, creation, checksum,
/// expiration, termination; https://tus.io/protocols/resumable-upload), with our ProblemDetails on every
/// refusal. Same access as the PUT upload (<see cref="EndpointAccess.ForUploads"/>). README "Resumable uploads".
/// </summary>
internal static class UploadSessionEndpoints
{
    public static RouteGroupBuilder MapUploadSessionApi(this RouteGroupBuilder api)
    {
        var uploads = api.MapGroup("/cases/{id:guid}/uploads").WithTags("Uploads").ForUploads()
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers[TusHeaders.Resumable] = TusHeaders.Version;
                return await next(context);
            });
        uploads.MapMethods("/", [HttpMethods.Options], Options).WithName("DescribeUploads")
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("tus discovery: Tus-Version, Tus-Extension (creation, checksum, expiration, termination), Tus-Max-Size, Tus-Checksum-Algorithm");
        uploads.MapPost("/", CreateAsync).WithName("CreateUploadSession")
            .Produces(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("tus creation: Upload-Length (bytes) and Upload-Metadata (filename, kind, optional sha256 — hex — each base64) → 201 with Location and Upload-Expires");
        uploads.MapGet("/{sessionId:guid}", GetAsync).WithName("GetUploadSession")
            .Produces<UploadSessionDto>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The session as JSON: offset, status (active, completed with the artifact and its analysis, failed with the reason)");
        uploads.MapMethods("/{sessionId:guid}", [HttpMethods.Head], HeadAsync).WithName("GetUploadOffset")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("tus core: Upload-Offset (the bytes the server holds durably: resume there), Upload-Length, Upload-Expires");
        uploads.MapPatch("/{sessionId:guid}", AppendAsync).WithName("AppendUpload")
            // The session's remaining length bounds the body (the service refuses a chunk past it).
            .StreamsBoundedBody()
            .Accepts<Stream>(TusHeaders.OffsetContentType)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(460)
            .WithSummary("tus core: appends the body at Upload-Offset (409 with the server's Upload-Offset when it is not the server's); Upload-Checksum 'sha256 <base64>' is verified (460, nothing appended); the last byte completes the upload: the artifact is stored and a vmcore's analysis queued (Crashdesk-Artifact-Id, Crashdesk-Artifact-Kind, Crashdesk-Analysis-Id)");
        uploads.MapDelete("/{sessionId:guid}", TerminateAsync).WithName("TerminateUpload")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("tus termination: the staged bytes and the session are removed");
        return api;
    }

    private static async Task<IResult> Options(Guid id, HttpContext context, ClaimsPrincipal user, IUploadSessionService sessions, CancellationToken cancellationToken)
    {
        if (!await sessions.CaseExistsAsync(user.Caller(), id, cancellationToken))
            return CaseEndpoints.NotFound(id);
        var headers = context.Response.Headers;
        headers["Tus-Version"] = TusHeaders.Version;
        headers["Tus-Extension"] = TusHeaders.Extensions;
        headers["Tus-Max-Size"] = sessions.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Tus-Checksum-Algorithm"] = "sha256";
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateAsync(Guid id, HttpContext context, ClaimsPrincipal user, IUploadSessionService sessions, CancellationToken cancellationToken)
    {
        // Another organisation's case is a 404 whatever else is wrong with the request.
        if (!await sessions.CaseExistsAsync(user.Caller(), id, cancellationToken))
            return CaseEndpoints.NotFound(id);
        if (VersionProblem(context) is { } unsupported)
            return unsupported;
        var request = context.Request;
        if (request.Headers.ContainsKey("Upload-Defer-Length"))
            return Problems.Of(StatusCodes.Status400BadRequest, "Upload length required", "Upload-Defer-Length is not supported: send Upload-Length (the file's size in bytes).");
        if (TusHeaders.NonNegative(request.Headers[TusHeaders.Length]) is not { } length)
            return Problems.Of(StatusCodes.Status400BadRequest, "Upload length required", "Upload-Length must be the file's size in bytes (a non-negative decimal number).");
        if (!TusHeaders.TryParseMetadata(request.Headers[TusHeaders.Metadata], out var metadata, out var problem))
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid upload metadata", problem);
        if (!metadata.TryGetValue("filename", out var fileName))
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid upload metadata", "Upload-Metadata must name the file: filename <base64 of the name>.");
        var result = await sessions.CreateAsync(user.Caller(), id,
            new NewUploadSession(fileName, metadata.GetValueOrDefault("kind") ?? "vmcore", length, metadata.GetValueOrDefault("sha256")), cancellationToken);
        if (result.Outcome != UploadSessionOutcome.Created)
            return Refusal(result, id, context);
        var session = result.Session!;
        context.Response.Headers[TusHeaders.Expires] = TusHeaders.HttpDate(session.ExpiresAt);
        context.Response.Headers[TusHeaders.Offset] = "0";
        return TypedResults.Created($"{CrashdeskApiExtensions.ApiPrefix}/cases/{id}/uploads/{session.Id}");
    }

    private static async Task<IResult> GetAsync(Guid id, Guid sessionId, ClaimsPrincipal user, IUploadSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(user.Caller(), id, sessionId, cancellationToken);
        return session is null ? SessionNotFound(id, sessionId) : TypedResults.Ok(UploadSessionDto.Of(session));
    }

    private static async Task<IResult> HeadAsync(Guid id, Guid sessionId, HttpContext context, ClaimsPrincipal user, IUploadSessionService sessions, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(user.Caller(), id, sessionId, cancellationToken);
        if (session is null)
            return SessionNotFound(id, sessionId);
        var headers = context.Response.Headers;
        // tus core: the offset must not be cached.
        headers.CacheControl = "no-store";
        if (session.Status == UploadSessionStatus.Failed)
            return Problems.Of(StatusCodes.Status410Gone, "Upload failed", session.Error ?? $"the upload of {session.FileName} failed");
        headers[TusHeaders.Offset] = session.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[TusHeaders.Length] = session.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (session.Status == UploadSessionStatus.Active)
            headers[TusHeaders.Expires] = TusHeaders.HttpDate(session.ExpiresAt);
        return TypedResults.Ok();
    }

    private static async Task<IResult> AppendAsync(Guid id, Guid sessionId, HttpContext context, ClaimsPrincipal user, IUploadSessionService sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(user.Caller(), id, sessionId, cancellationToken) is null)
            return SessionNotFound(id, sessionId);
        if (VersionProblem(context) is { } unsupported)
            return unsupported;
        var request = context.Request;
        if (!string.Equals(request.ContentType, TusHeaders.OffsetContentType, StringComparison.OrdinalIgnoreCase))
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"A PATCH carries Content-Type: {TusHeaders.OffsetContentType} (got '{request.ContentType}').");
        if (TusHeaders.NonNegative(request.Headers[TusHeaders.Offset]) is not { } offset)
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid upload offset", "Upload-Offset must be the offset the body starts at (ask HEAD for it).");
        var result = await sessions.AppendAsync(user.Caller(), id, sessionId,
            new UploadChunk(offset, request.Headers[TusHeaders.Checksum], request.ContentLength, request.Body), cancellationToken);
        var headers = context.Response.Headers;
        if (result.Session is { } session)
        {
            headers[TusHeaders.Offset] = session.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (session.Status == UploadSessionStatus.Active)
                headers[TusHeaders.Expires] = TusHeaders.HttpDate(session.ExpiresAt);
        }
        switch (result.Outcome)
        {
            case UploadSessionOutcome.Appended:
                return TypedResults.NoContent();
            case UploadSessionOutcome.Completed:
                headers["Crashdesk-Artifact-Id"] = result.Session!.ArtifactId.ToString();
                // What it was stored as: a vmcore upload that is a kdump directory's tarball is an archive.
                if (result.Upload?.Artifact is { } artifact)
                    headers["Crashdesk-Artifact-Kind"] = artifact.Kind;
                if (result.Session.AnalysisId is { } analysis)
                    headers["Crashdesk-Analysis-Id"] = analysis.ToString();
                return TypedResults.NoContent();
            default:
                return Refusal(result, id, context);
        }
    }

    private static async Task<IResult> TerminateAsync(Guid id, Guid sessionId, HttpContext context, ClaimsPrincipal user, IUploadSessionService sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(user.Caller(), id, sessionId, cancellationToken) is null)
            return SessionNotFound(id, sessionId);
        if (VersionProblem(context) is { } unsupported)
            return unsupported;
        return await sessions.TerminateAsync(user.Caller(), id, sessionId, cancellationToken) ? TypedResults.NoContent() : SessionNotFound(id, sessionId);
    }

    /// <summary>tus core: a request with another Tus-Resumable is refused with 412 and the version this server speaks.</summary>
    private static IResult? VersionProblem(HttpContext context)
    {
        string? version = context.Request.Headers[TusHeaders.Resumable];
        if (version == TusHeaders.Version)
            return null;
        context.Response.Headers["Tus-Version"] = TusHeaders.Version;
        return Problems.Of(StatusCodes.Status412PreconditionFailed, "Unsupported tus version",
            $"Send Tus-Resumable: {TusHeaders.Version} (got '{version}').");
    }

    private static IResult Refusal(UploadSessionResult result, Guid caseId, HttpContext context)
    {
        string detail = result.Message ?? "refused";
        return result.Outcome switch
        {
            UploadSessionOutcome.CaseNotFound => CaseEndpoints.NotFound(caseId),
            UploadSessionOutcome.SessionNotFound => Problems.Of(StatusCodes.Status404NotFound, "Upload session not found", detail),
            UploadSessionOutcome.SessionFailed => Problems.Of(StatusCodes.Status410Gone, "Upload failed", detail),
            UploadSessionOutcome.InvalidFileName => Problems.Of(StatusCodes.Status400BadRequest, "Invalid file name", detail),
            UploadSessionOutcome.InvalidKind => Problems.Of(StatusCodes.Status400BadRequest, "Invalid artifact kind", detail),
            UploadSessionOutcome.InvalidSha256 => Problems.Of(StatusCodes.Status400BadRequest, "Invalid upload metadata", detail),
            UploadSessionOutcome.Empty => Problems.Of(StatusCodes.Status400BadRequest, "Empty file", detail),
            UploadSessionOutcome.TooLarge => Problems.Of(StatusCodes.Status413PayloadTooLarge, "Upload too large", detail),
            UploadSessionOutcome.OffsetMismatch => Problems.Of(StatusCodes.Status409Conflict, "Upload offset mismatch", detail),
            UploadSessionOutcome.ChecksumUnsupported => Problems.Of(StatusCodes.Status400BadRequest, "Unsupported checksum algorithm", detail),
            // tus checksum extension: 460 Checksum Mismatch.
            UploadSessionOutcome.ChecksumMismatch => Problems.Of(460, "Checksum mismatch", detail),
            UploadSessionOutcome.NotADump => Problems.Of(StatusCodes.Status422UnprocessableEntity,
                result.Session?.Kind == ArtifactKinds.ToName(ArtifactKind.Sosreport) ? "Not a sosreport" : "Not a crash dump", detail),
            UploadSessionOutcome.DigestMismatch => Problems.Of(StatusCodes.Status422UnprocessableEntity, "Upload digest mismatch", detail),
            UploadSessionOutcome.Busy => Problems.Of(StatusCodes.Status423Locked, "Upload busy", detail),
            _ => Problems.Of(StatusCodes.Status400BadRequest, "Upload cut off", $"The body of the PATCH for upload {result.Session?.FileName} ended early; ask HEAD for the offset."),
        };
    }

    private static ProblemHttpResult SessionNotFound(Guid caseId, Guid sessionId) =>
        Problems.Of(StatusCodes.Status404NotFound, "Upload session not found", $"There is no upload session {sessionId} on case {caseId} in your organisation.");
}
