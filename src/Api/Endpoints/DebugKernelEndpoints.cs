using Crashdesk.Core.Paging;
using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// /api/v1/debug-kernels: the organisation's debug-kernel library. PUT streams a vmlinux in (like
/// an artifact upload, limit DebugKernels:MaxBytes) and queues the job that reads its build-id and
/// builds its kernel profile; every dump of the organisation with that build-id is then analysed
/// with it. A debug-kernel artifact uploaded to a case joins the library the same way.
/// </summary>
internal static class DebugKernelEndpoints
{
    public static RouteGroupBuilder MapDebugKernelApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/debug-kernels").WithTags("Debug kernels");
        group.MapPut("/{fileName}", UploadAsync)
            .WithName("UploadDebugKernel")
            .StreamsBody<IDebugKernelService>(library => library.MaxUploadBytes, TooLarge)
            .Accepts<Stream>("application/octet-stream")
            .WithDescription("Streams a vmlinux (with DWARF and a GNU build-id) into the library; 202 with the pending entry. Poll GET /debug-kernels/{id} until status is ready, failed or duplicate.");
        group.MapGet("/", ListAsync).WithName("ListDebugKernels").WithSummary("The organisation's debug-kernel library, newest first")
            .WithDescription(ListPaging.Described.Trim());
        group.MapGet("/{id:guid}", GetAsync).WithName("GetDebugKernel");
        return api;
    }

    private static async Task<Results<Accepted<DebugKernelDto>, ProblemHttpResult>> UploadAsync(
        string fileName, HttpContext context, ClaimsPrincipal user, IDebugKernelService library, CancellationToken cancellationToken)
    {
        var result = await library.UploadAsync(user.Caller(), fileName, context.Request.Body, cancellationToken);
        return result.Status switch
        {
            UploadStatus.Stored => TypedResults.Accepted($"{CrashdeskApiExtensions.ApiPrefix}/debug-kernels/{result.DebugKernel!.Id}", Dto.Of(result.DebugKernel)),
            UploadStatus.TooLarge => TooLarge(library.MaxUploadBytes),
            UploadStatus.Empty => Problems.Of(status: StatusCodes.Status400BadRequest, title: "Empty file", detail: result.Message),
            _ => Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid file name", detail: result.Message ?? "invalid file name"),
        };
    }

    private static async Task<Ok<CursorPageDto<DebugKernelDto>>> ListAsync(
        ClaimsPrincipal user, IDebugKernelService library, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var page = await library.ListAsync(user.Caller(), PageRequest.Of(cursor, limit), cancellationToken);
        return TypedResults.Ok(CursorPageDto<DebugKernelDto>.Of(page, Dto.Of));
    }

    private static async Task<Results<Ok<DebugKernelDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IDebugKernelService library, CancellationToken cancellationToken)
    {
        var found = await library.GetAsync(user.Caller(), id, cancellationToken);
        return found is null
            ? Problems.Of(status: StatusCodes.Status404NotFound, title: "Debug kernel not found",
                detail: $"There is no debug kernel {id} in your organisation's library.")
            : TypedResults.Ok(Dto.Of(found));
    }

    private static ProblemHttpResult TooLarge(long max) =>
        Problems.Of(status: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            detail: $"Debug kernels may be at most {max} bytes (DebugKernels:MaxBytes); nothing was stored.");
}
