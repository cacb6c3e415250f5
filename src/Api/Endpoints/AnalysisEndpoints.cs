using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>POST /api/v1/cases/{id}/analyses: analyse again (the case's next report version).</summary>
internal static class AnalysisEndpoints
{
    public static RouteGroupBuilder MapAnalysisApi(this RouteGroupBuilder api)
    {
        api.MapPost("/cases/{id:guid}/analyses", ReanalyseAsync).WithTags("Analyses").WithName("Reanalyse")
            .WithSummary("Queues a new analysis of the case's dump or console log")
            .WithDescription("Body (optional): {\"artifactId\": \"...\"}; without it, the artifact the newest analysis read. " +
                "202 with the queued analysis; 409 while that artifact is already being analysed; 404 for an unknown case or artifact; " +
                "422 when the case has nothing to analyse.");
        return api;
    }

    private static async Task<Results<Accepted<AnalysisDto>, ProblemHttpResult>> ReanalyseAsync(
        Guid id, ReanalyseRequest? request, ClaimsPrincipal user, IAnalysisService analyses, CancellationToken cancellationToken)
    {
        var result = await analyses.ReanalyseAsync(user.Caller(), id, request?.ArtifactId, cancellationToken);
        return result.Status switch
        {
            ReanalysisStatus.Queued => TypedResults.Accepted($"{CrashdeskApiExtensions.ApiPrefix}/cases/{id}", Dto.Of(result.Analysis!)),
            ReanalysisStatus.AlreadyPending => Problems.Of(status: StatusCodes.Status409Conflict, title: "Already being analysed", detail: result.Message),
            ReanalysisStatus.NothingToAnalyse => Problems.Of(status: StatusCodes.Status422UnprocessableEntity, title: "Nothing to analyse", detail: result.Message),
            _ => Problems.Of(status: StatusCodes.Status404NotFound, title: "Not found", detail: result.Message),
        };
    }
}
